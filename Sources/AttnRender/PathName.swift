import TensorRuntime
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Path string helpers and the few file-system calls the renderer needs, without Foundation.
enum PathName {
    /// The last component: `notebooks/02_x.attn` → `02_x.attn`.
    static func base(_ path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The last component without its extension: `notebooks/02_x.attn` → `02_x`.
    static func stem(_ path: String) -> String {
        let name = base(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// The extension in lower case without the dot, or "".
    static func fileExtension(_ path: String) -> String {
        let name = base(path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// `name` as a relative URL: every byte but letters, digits and `-._~` percent-encoded,
    /// so `c#1.html`, `q?x.html` and `p%41.html` link to themselves, not to a fragment,
    /// a query or `pA.html`.
    static func urlEncoded(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) {
                out.append(c)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    static func join(_ directory: String, _ name: String) -> String {
        if directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates `path` and any missing parents (like `mkdir -p`).
    static func makeDirectories(_ path: String) throws {
        if path.isEmpty || isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if !isDirectory(prefix), mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw RenderError("cannot create directory \(prefix): \(String(cString: strerror(errno)))")
            }
            prefix += "/"
        }
    }

    /// Names of the entries of `directory` whose extension is `ext`, sorted.
    static func files(in directory: String, withExtension ext: String) throws -> [String] {
        guard let dir = opendir(directory) else {
            throw RenderError("cannot read directory \(directory): \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if !name.hasPrefix("."), fileExtension(name) == ext { names.append(name) }
        }
        return names.sorted()
    }

    /// The whole notebook, through the runtime's one file reader (regular files only, bounded).
    static func read(_ path: String) throws -> [UInt8] {
        do {
            return try FileContents(path, op: "render", limit: 64 << 20).array
        } catch let error as TensorError {
            throw RenderError(error.message)
        }
    }

    /// True when `a` and `b` name the same existing file (through links or other spellings).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var x = stat(), y = stat()
        return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
    }
}

/// A failure of the renderer itself (files, arguments), not of the notebook's code.
public struct RenderError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
