import Foundation

/// The connection file a Jupyter front end writes before it starts a kernel: where to bind
/// the five channels and the key that signs every message.
struct ConnectionFile: Decodable {
    var transport: String
    var ip: String
    var shellPort: Int
    var iopubPort: Int
    var stdinPort: Int
    var controlPort: Int
    var hbPort: Int
    var key: String
    var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", hbPort = "hb_port", signatureScheme = "signature_scheme"
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        transport = try c.decodeIfPresent(String.self, forKey: .transport) ?? "tcp"
        ip = try c.decodeIfPresent(String.self, forKey: .ip) ?? "127.0.0.1"
        shellPort = try c.decode(Int.self, forKey: .shellPort)
        iopubPort = try c.decode(Int.self, forKey: .iopubPort)
        stdinPort = try c.decode(Int.self, forKey: .stdinPort)
        controlPort = try c.decode(Int.self, forKey: .controlPort)
        hbPort = try c.decode(Int.self, forKey: .hbPort)
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        signatureScheme = try c.decodeIfPresent(String.self, forKey: .signatureScheme) ?? "hmac-sha256"
    }

    static func read(path: String) throws -> ConnectionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelError("cannot read the connection file \(path)")
        }
        let file: ConnectionFile
        do {
            file = try JSONDecoder().decode(ConnectionFile.self, from: data)
        } catch {
            throw KernelError("the connection file \(path) is not valid: \(error)")
        }
        guard file.key.isEmpty || file.signatureScheme == "hmac-sha256" else {
            throw KernelError("unsupported signature_scheme \(file.signatureScheme) (attn signs with hmac-sha256)")
        }
        return file
    }

    /// The endpoint of one channel: `tcp://127.0.0.1:PORT`, or `ipc://IP-PORT` for the ipc
    /// transport (Jupyter's naming).
    func endpoint(port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}

/// A failure of the kernel itself (not of a cell), reported on stderr.
struct KernelError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The kernel's log: stderr, which Jupyter front ends show in their log.
enum Log {
    static func warn(_ text: String) {
        fputs("attn kernel: \(text)\n", stderr)
        fflush(stderr)
    }
}
