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

/// The one whole-file writer (`save`, `attn update`, `:save`, `attn render`, text files): the
/// bytes go to a fresh temporary file beside the target (so the rename stays on one file
/// system), are flushed to disk, and only then renamed over the target; the directory is then
/// flushed so the rename survives a crash. On any failure the old file is left untouched and
/// the temporary file removed.
///
/// A symlink is written through: its final target is replaced (atomically, in the target's
/// directory), so the link stays a link. FIFOs, devices and directories are refused rather
/// than replaced by a regular file.
public enum AtomicFile {
    /// Writes `bytes` to `path`. With `expecting`, the file must still hold exactly those bytes
    /// just before the rename (it was read, re-run and re-recorded meanwhile): an edit saved in
    /// between is refused with an error instead of being overwritten.
    public static func write(_ bytes: [UInt8], to path: String, op: String = "save",
                             expecting original: [UInt8]? = nil) throws {
        guard !path.isEmpty else { throw TensorError(op, "empty file name") }
        let target = try resolvedTarget(path, op: op)
        var existing = stat()
        let exists = stat(target, &existing) == 0
        if exists {
            if (existing.st_mode & S_IFMT) == S_IFDIR { throw TensorError(op, "\(quoted(path)) is a directory, not a file") }
            guard (existing.st_mode & S_IFMT) == S_IFREG else {
                throw TensorError(op, "\(quoted(path)) is not a regular file (a FIFO, socket or device); nothing was written")
            }
        }
        let temporary = try createTemporary(near: target, op: op)
        var succeeded = false
        defer { if !succeeded { unlink(temporary.path) } }
        do {
            defer { close(temporary.fd) }
            try writeAll(bytes, fd: temporary.fd, path: path, op: op)
            // Keep the permissions of the file being replaced; new files get 0666 minus umask.
            fchmod(temporary.fd, exists ? existing.st_mode & 0o7777 : defaultMode())
            guard fsync(temporary.fd) == 0 else { throw ioError(op, path, errno: errno, action: "cannot flush to disk") }
        }
        if let original {
            let now = try? FileContents(target, op: op, limit: original.count)
            guard let now, now.bytes.elementsEqual(original) else {
                throw TensorError(op, "\(quoted(path)) changed while it was being updated; it was left as it is now (run the command again)")
            }
        }
        guard rename(temporary.path, target) == 0 else { throw ioError(op, path, errno: errno, action: "cannot replace") }
        succeeded = true
        // Persist the rename itself; failure here cannot be undone, so it is not an error.
        let dirFD = open(directoryOf(target), O_RDONLY | O_CLOEXEC)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    /// The file a write to `path` must replace: `path` itself, or the end of its chain of
    /// symlinks (relative links resolve against the link's directory).
    public static func resolvedTarget(_ path: String, op: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: 4097)
            let n = readlink(current, &buffer, 4096)
            guard n > 0 else { throw ioError(op, path, errno: errno, action: "cannot read the symlink") }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : directoryOf(current) + "/" + link
        }
        throw TensorError(op, "\(quoted(path)): too many levels of symbolic links")
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
