import Foundation

/// A JSON object as Foundation's JSONSerialization reads and writes it.
typealias JSONObject = [String: Any]

/// One Jupyter message (messaging protocol 5.3) and its wire form over ZeroMQ:
/// `[identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]`.
struct WireMessage {
    static let delimiter = Array("<IDS|MSG>".utf8)
    static let protocolVersion = "5.3"

    /// The ROUTER routing frames; a reply carries its request's.
    var identities: [[UInt8]] = []
    var header: JSONObject
    var parentHeader: JSONObject = [:]
    var metadata: JSONObject = [:]
    var content: JSONObject
    var buffers: [[UInt8]] = []

    var type: String { header["msg_type"] as? String ?? "" }
    var id: String { header["msg_id"] as? String ?? "" }

    /// A new message of `type` in this kernel's session, answering `parent` when there is one.
    init(type: String, session: String, content: JSONObject, parent: WireMessage? = nil) {
        header = [
            "msg_id": UUID().uuidString.lowercased(), "session": session, "username": "attn",
            "date": Self.timestamp(), "msg_type": type, "version": Self.protocolVersion,
        ]
        self.content = content
        if let parent {
            parentHeader = parent.header
            identities = parent.identities
        }
    }

    /// Reads a received multipart message: finds the delimiter, checks the signature and
    /// decodes the four JSON frames. Throws, naming what was wrong, for anything else.
    init(frames: [[UInt8]], signer: MessageSigner) throws {
        guard let d = frames.firstIndex(of: Self.delimiter) else {
            throw KernelError("malformed message: no <IDS|MSG> delimiter among \(frames.count) frames")
        }
        guard frames.count >= d + 6 else {
            throw KernelError("malformed message: \(frames.count - d - 1) frames after the delimiter, 5 needed")
        }
        let parts = Array(frames[(d + 2)...(d + 5)])
        guard signer.isValid(signature: frames[d + 1], parts: parts) else {
            throw KernelError("message with an invalid signature dropped")
        }
        identities = Array(frames[..<d])
        header = try Self.object(parts[0], "header")
        parentHeader = try Self.object(parts[1], "parent_header")
        metadata = try Self.object(parts[2], "metadata")
        content = try Self.object(parts[3], "content")
        buffers = Array(frames[(d + 6)...])
        guard header["msg_type"] is String, header["msg_id"] is String else {
            throw KernelError("malformed message: the header has no msg_type or msg_id")
        }
    }

    /// The frames to send, signed; nil (and logged) when a part cannot be written as JSON.
    func frames(signer: MessageSigner) -> [[UInt8]]? {
        var parts: [[UInt8]] = []
        for object in [header, parentHeader, metadata, content] {
            guard JSONSerialization.isValidJSONObject(object),
                  let data = try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]) else {
                Log.warn("could not encode a \(type) message as JSON; not sent")
                return nil
            }
            parts.append(Array(data))
        }
        var frames: [[UInt8]] = identities
        frames.append(Self.delimiter)
        frames.append(Array(signer.signature(parts).utf8))
        frames.append(contentsOf: parts)
        frames.append(contentsOf: buffers)
        return frames
    }

    private static func object(_ bytes: [UInt8], _ name: String) throws -> JSONObject {
        guard let value = try? JSONSerialization.jsonObject(with: Data(bytes)), let object = value as? JSONObject else {
            throw KernelError("malformed message: its \(name) is not a JSON object")
        }
        return object
    }

    nonisolated(unsafe) private static let formatter: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
    private static let formatterLock = NSLock()

    /// ISO 8601 with milliseconds, UTC, as Jupyter's headers carry.
    static func timestamp() -> String {
        formatterLock.lock()
        defer { formatterLock.unlock() }
        return formatter.string(from: Date())
    }
}
