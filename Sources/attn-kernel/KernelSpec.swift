import Foundation

/// `attn kernel install`: writes the kernelspec `attn` where Jupyter looks for kernels, so
/// JupyterLab, VS Code and nbclient can start `attn kernel -f CONNECTION_FILE`.
enum KernelSpec {
    static let name = "attn"

    enum Location {
        /// Jupyter's system-wide data directory.
        case system
        /// The user's Jupyter data directory (`JUPYTER_DATA_DIR`, else the XDG one).
        case user
        /// `DIR/share/jupyter`, as `jupyter kernelspec install --prefix DIR` (a virtualenv).
        case prefix(String)

        var kernelsDirectory: String {
            let environment = ProcessInfo.processInfo.environment
            switch self {
            case .system: return "/usr/local/share/jupyter/kernels"
            case .prefix(let dir): return dir + "/share/jupyter/kernels"
            case .user:
                if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty { return data + "/kernels" }
                let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                    ?? NSHomeDirectory() + "/.local/share"
                return xdg + "/jupyter/kernels"
            }
        }
    }

    /// The kernel.json contents for the `attn` program at `attnPath`.
    static func json(attnPath: String) -> JSONObject {
        [
            "argv": [attnPath, "kernel", "-f", "{connection_file}"],
            "display_name": "attn",
            "language": "attn",
            "interrupt_mode": "signal",
            "metadata": ["debugger": false] as JSONObject,
        ]
    }

    /// Writes `kernel.json` and the logo; returns the kernelspec's directory.
    static func install(at location: Location, attnPath: String) throws -> String {
        let directory = location.kernelsDirectory + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: json(attnPath: attnPath),
                                                  options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            try data.write(to: URL(fileURLWithPath: directory + "/kernel.json"), options: .atomic)
            try Data(logo.utf8).write(to: URL(fileURLWithPath: directory + "/logo-svg.svg"), options: .atomic)
        } catch {
            throw KernelError("cannot write the kernelspec in \(directory): \(error.localizedDescription)")
        }
        return directory
    }

    /// The `attn` program beside this one (`attn kernel` execs `attn-kernel` from its own
    /// directory), by its absolute path.
    static func attnPath() -> String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let directory = URL(fileURLWithPath: me).deletingLastPathComponent().path
        return directory + "/attn"
    }

    /// An attention matrix in three shades: the launcher's icon.
    static let logo = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
          <rect width="64" height="64" rx="10" fill="#1f2937"/>
          <g transform="translate(8 8)">
            <rect x="0" y="0" width="15" height="15" fill="#f59e0b"/><rect x="16" y="0" width="15" height="15" fill="#78350f"/><rect x="32" y="0" width="15" height="15" fill="#78350f"/>
            <rect x="0" y="16" width="15" height="15" fill="#78350f"/><rect x="16" y="16" width="15" height="15" fill="#fbbf24"/><rect x="32" y="16" width="15" height="15" fill="#451a03"/>
            <rect x="0" y="32" width="15" height="15" fill="#92400e"/><rect x="16" y="32" width="15" height="15" fill="#78350f"/><rect x="32" y="32" width="15" height="15" fill="#f59e0b"/>
          </g>
        </svg>

        """
}
