import CZMQ
import Glibc

/// A ZeroMQ failure with libzmq's own wording.
struct ZMQError: Error, CustomStringConvertible {
    let operation: String
    let code: Int32

    init(_ operation: String) {
        self.operation = operation
        code = zmq_errno()
    }

    var description: String { "\(operation): \(String(cString: zmq_strerror(code)))" }
}

/// One libzmq context for the process; sockets are made from it.
final class ZMQContext {
    let handle: UnsafeMutableRawPointer

    init() throws {
        guard let handle = zmq_ctx_new() else { throw ZMQError("zmq_ctx_new") }
        self.handle = handle
    }
}

/// A libzmq socket. Like libzmq's, it belongs to one thread at a time: the kernel's main
/// thread owns the Jupyter channels; the cell thread and the heartbeat thread own their own.
final class ZMQSocket {
    let handle: UnsafeMutableRawPointer

    init(_ context: ZMQContext, type: Int32) throws {
        guard let handle = zmq_socket(context.handle, type) else { throw ZMQError("zmq_socket") }
        self.handle = handle
    }

    private var closed = false

    deinit { close() }

    func close() {
        if !closed { zmq_close(handle) }
        closed = true
    }

    func set(_ option: Int32, _ value: Int32) {
        var v = value
        zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size)
    }

    func set(_ option: Int32, _ value: Int64) {
        var v = value
        zmq_setsockopt(handle, option, &v, MemoryLayout<Int64>.size)
    }

    func bind(_ endpoint: String) throws {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZMQError("bind \(endpoint)") }
    }

    func connect(_ endpoint: String) throws {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZMQError("connect \(endpoint)") }
    }

    /// Sends one multipart message without blocking: a peer that is gone or slow loses it
    /// (PUB and ROUTER drop at their high-water mark), the kernel goes on.
    @discardableResult
    func send(_ frames: [[UInt8]], wait: Bool = false) -> Bool {
        for (i, frame) in frames.enumerated() {
            var flags: Int32 = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            if !wait { flags |= ZMQ_DONTWAIT }
            let sent = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            if sent < 0 { return false }
        }
        return true
    }

    /// Receives one multipart message, or nil on an interrupted or empty read. When the parts
    /// add up to more than `limit` bytes the rest is read and thrown away and `oversized` is
    /// set, so one huge message neither stays queued nor is held whole.
    func receive(limit: Int = .max, blocking: Bool = true) -> (frames: [[UInt8]], oversized: Bool)? {
        var frames: [[UInt8]] = []
        var total = 0
        var oversized = false
        while true {
            var message = zmq_msg_t()
            zmq_msg_init(&message)
            defer { zmq_msg_close(&message) }
            let size = zmq_msg_recv(&message, handle, blocking || !frames.isEmpty ? 0 : ZMQ_DONTWAIT)
            if size < 0 {
                if zmq_errno() == EINTR && !frames.isEmpty { continue }
                return frames.isEmpty ? nil : (frames, true)
            }
            total += Int(size)
            if total > limit { oversized = true }
            if !oversized, let data = zmq_msg_data(&message) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: Int(size))))
            } else if !oversized {
                frames.append([])
            }
            if zmq_msg_more(&message) == 0 { break }
        }
        return (oversized ? [] : frames, oversized)
    }

    /// Which of `sockets` have a message waiting, after at most `timeout` ms (-1: until one has).
    static func poll(_ sockets: [ZMQSocket], timeout: Int) -> [Bool] {
        var items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
        let n = zmq_poll(&items, Int32(items.count), timeout)
        if n <= 0 { return [Bool](repeating: false, count: sockets.count) }
        return items.map { $0.revents & Int16(ZMQ_POLLIN) != 0 }
    }
}
