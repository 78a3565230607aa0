import Glibc

/// A failed file operation, with the path and the system's reason.
struct FileError: Error, CustomStringConvertible {
    var description: String

    init(_ action: String, _ path: String, errno code: Int32 = errno) {
        description = "cannot \(action) \(path): \(String(cString: strerror(code)))"
    }
}

enum FileIO {
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError("read", path) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw FileError("read", path, errno: EISDIR)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileError("read", path)
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    /// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so readers
    /// see the old file or the new one, never a torn one; on any failure the temporary file is
    /// removed and `path` is untouched. An existing file's permissions are kept.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(directory).\(name).tmp-\(getpid())"
        var mode: mode_t = 0o644
        var existing = stat()
        if stat(path, &existing) == 0 { mode = existing.st_mode & 0o7777 }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError("write", path) }
        var failure: FileError?
        fchmod(fd, mode)  // open's mode went through the umask
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(fd, base + written, buffer.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                failure = FileError("write", path)
                break
            }
            written += n
        }
        if failure == nil, fsync(fd) != 0 { failure = FileError("write", path) }
        if close(fd) != 0, failure == nil { failure = FileError("write", path) }
        if failure == nil, rename(temporary, path) != 0 { failure = FileError("write", path) }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }
}
