import AttnLang
import CZMQ
import Foundation

/// The kernel's main thread: owns the shell, control, stdin and iopub sockets and answers
/// them; cells run on the `CellRunner`'s thread and the heartbeat on its own.
///
/// Requests on the shell channel are answered in order: while a cell runs, those after it
/// wait. Control requests (interrupt, shutdown, kernel_info) are answered at once. Whatever
/// arrives broken (not a Jupyter message, a bad signature, more than `messageLimit` bytes)
/// is logged to stderr and dropped; the session is untouched.
final class Kernel {
    static let outboxEndpoint = "inproc://attn-kernel-outbox"
    static let messageLimit = 64 << 20

    enum Channel: String { case shell, control, stdin }

    let signer: MessageSigner
    let sessionID = UUID().uuidString.lowercased()
    let context: ZMQContext
    let shell, control, stdin, iopub, outbox: ZMQSocket
    let runner: CellRunner
    /// A cell is running (from its `execute_request` until its runner says `done`).
    var cellRunning = false
    var waiting: [WireMessage] = []

    init(connection: ConnectionFile) throws {
        signer = MessageSigner(key: connection.key)
        context = try ZMQContext()
        shell = try ZMQSocket(context, type: ZMQ_ROUTER)
        control = try ZMQSocket(context, type: ZMQ_ROUTER)
        stdin = try ZMQSocket(context, type: ZMQ_ROUTER)
        iopub = try ZMQSocket(context, type: ZMQ_PUB)
        outbox = try ZMQSocket(context, type: ZMQ_PULL)
        for socket in [shell, control, stdin] {
            // A client that reconnects with its old identity (its session id) takes it over.
            socket.set(ZMQ_ROUTER_HANDOVER, Int32(1))
        }
        for socket in [shell, control, stdin, iopub] {
            // Replies still in flight when the kernel shuts down get this long to leave.
            socket.set(ZMQ_LINGER, Int32(1000))
            // A larger message makes libzmq drop the connection (the client reconnects);
            // between that and `messageLimit` the kernel reads and drops it.
            socket.set(ZMQ_MAXMSGSIZE, Int64(4 * Self.messageLimit))
        }
        try shell.bind(connection.endpoint(port: connection.shellPort))
        try control.bind(connection.endpoint(port: connection.controlPort))
        try stdin.bind(connection.endpoint(port: connection.stdinPort))
        try iopub.bind(connection.endpoint(port: connection.iopubPort))
        try outbox.bind(Self.outboxEndpoint)
        try Heartbeat.start(context: context, endpoint: connection.endpoint(port: connection.hbPort))
        runner = CellRunner(context: context, signer: signer, sessionID: sessionID)
        runner.start()
    }

    /// Serves until a shutdown request ends the process.
    func serve() -> Never {
        while true {
            let ready = ZMQSocket.poll([control, outbox, shell, stdin], timeout: -1)
            if ready[0] { receive(from: control, .control) }
            if ready[1] { forwardFromCell() }
            if ready[2] { receive(from: shell, .shell) }
            if ready[3] { receive(from: stdin, .stdin) }
        }
    }

    @inline(never)
    private func receive(from socket: ZMQSocket, _ channel: Channel) {
        guard let (frames, oversized) = socket.receive(limit: Self.messageLimit, blocking: false) else { return }
        if oversized {
            Log.warn("dropped a message of more than \(Self.messageLimit >> 20) MiB on the \(channel) channel")
            return
        }
        let message: WireMessage
        do {
            message = try WireMessage(frames: frames, signer: signer)
        } catch {
            Log.warn("\(error) (\(channel) channel)")
            return
        }
        switch channel {
        case .control: answerControl(message)
        case .shell:
            if cellRunning { waiting.append(message) } else { answerShell(message) }
        case .stdin: Log.warn("ignored \(message.type) on the stdin channel: attn cells do not read input")
        }
    }

    /// Sends on what a running cell produced; `done` frees the shell channel for the requests
    /// that waited.
    @inline(never)
    private func forwardFromCell() {
        while let (frames, _) = outbox.receive(blocking: false), let tag = frames.first {
            switch String(decoding: tag, as: UTF8.self) {
            case "iopub": iopub.send(Array(frames.dropFirst()))
            case "shell": shell.send(Array(frames.dropFirst()))
            default:
                cellRunning = false
                while !cellRunning, !waiting.isEmpty { answerShell(waiting.removeFirst()) }
            }
        }
    }

    @inline(never)
    private func answerShell(_ request: WireMessage) {
        if request.type == "execute_request" {
            publishStatus("busy", parent: request)
            cellRunning = true
            runner.submit(request)
            return
        }
        answer(request, on: shell)
    }

    @inline(never)
    private func answerControl(_ request: WireMessage) {
        if request.type == "interrupt_request" {
            Session.interruptRequested = true
        }
        answer(request, on: control)
    }

    /// Every request other than `execute_request`: busy, the reply, idle.
    private func answer(_ request: WireMessage, on socket: ZMQSocket) {
        guard let content = replyContent(to: request) else {
            Log.warn("ignored a message of unknown type \(request.type)")
            return
        }
        publishStatus("busy", parent: request)
        send(WireMessage(type: replyType(request.type), session: sessionID, content: content, parent: request), on: socket)
        publishStatus("idle", parent: request)
        if request.type == "shutdown_request" { shutDown() }
    }

    private func replyType(_ requestType: String) -> String {
        String(requestType.dropLast("request".count)) + "reply"
    }

    func publishStatus(_ state: String, parent: WireMessage?) {
        send(Publisher.iopub("status", ["execution_state": state], session: sessionID, parent: parent), on: iopub)
    }

    private func send(_ message: WireMessage, on socket: ZMQSocket) {
        guard let frames = message.frames(signer: signer) else { return }
        socket.send(frames)
    }

    /// Closes the sockets (each waits up to its linger time for what is still queued, such
    /// as the shutdown reply) and ends the process. A cell still running is interrupted.
    private func shutDown() -> Never {
        Session.interruptRequested = true
        for socket in [shell, control, stdin, iopub, outbox] { socket.close() }
        let finished = DispatchSemaphore(value: 0)
        let context = self.context
        Thread {
            zmq_ctx_term(context.handle)
            finished.signal()
        }.start()
        _ = finished.wait(timeout: .now() + 2)
        exit(0)
    }
}
