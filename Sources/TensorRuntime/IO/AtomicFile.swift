#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if canImport(Glibc)
private let systemWrite = Glibc.write
#else
private let systemWrite = Darwin.write
#endif

/// Whole-file replacement that never leaves a half-written file behind: the bytes go to a
/// temporary file in the same directory (so the final rename stays on one file system), are
/// flushed to disk, and only then renamed over `path`. On any failure the old file is left
/// untouched and the temporary file is removed.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(bytes, to: path, op: "save")
    }

    static func write(_ bytes: [UInt8], to path: String, op: String) throws {
        guard !path.isEmpty else { throw TensorError(op, "empty file name") }
        var existing = stat()
        let replacesFile = stat(path, &existing) == 0 && (existing.st_mode & S_IFMT) == S_IFREG
        let directory = directoryOf(path)
        let temporary = try createTemporary(near: path, op: op)
        var succeeded = false
        defer { if !succeeded { unlink(temporary.path) } }
        do {
            defer { close(temporary.fd) }
            try writeAll(bytes, fd: temporary.fd, path: temporary.path, op: op)
            // Keep the permissions of the file being replaced; new files get 0666 minus umask.
            let mode = replacesFile ? existing.st_mode & 0o7777 : defaultMode()
            fchmod(temporary.fd, mode)
            guard fsync(temporary.fd) == 0 else { throw ioError(op, path, errno: errno, action: "cannot flush to disk") }
        }
        guard rename(temporary.path, path) == 0 else { throw ioError(op, path, errno: errno, action: "cannot replace") }
        succeeded = true
        // Persist the rename itself; failure here cannot be undone, so it is not an error.
        let dirFD = open(directory, O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// `path.tmp-<pid>-<n>` created exclusively, so two writers never share a temporary file.
    static func createTemporary(near path: String, op: String) throws -> (path: String, fd: Int32) {
        var lastError: Int32 = 0
        for _ in 0..<16 {
            let candidate = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { return (candidate, fd) }
            lastError = errno
            if lastError != EEXIST { break }
        }
        throw ioError(op, path, errno: lastError, action: "cannot create a temporary file next to it")
    }

    static func writeAll(_ bytes: [UInt8], fd: Int32, path: String, op: String) throws {
        try bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ioError(op, path, errno: errno, action: "cannot write")
                }
                done += n
            }
        }
    }

    static func defaultMode() -> mode_t {
        let mask = umask(0)
        umask(mask)
        return 0o666 & ~mask
    }
}
