#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole regular file read into memory: the one reader for `load`, notebooks and text.
///
/// The file is read, not mapped: a mapped file that another process truncates meanwhile
/// (`np.save` rewrites in place) turns the next access into SIGBUS, which would kill the
/// session. Its size is checked against `limit` before anything is allocated, so a huge file
/// or a special file that never ends (`/dev/zero`) is an error, not an endless read.
public final class FileContents {
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    private let storage: UnsafeMutableRawPointer?

    /// Reads `path`; a missing path, a directory, a special file, an unreadable file or one
    /// larger than `limit` bytes (default: the memory limit) is a one-line `TensorError` from
    /// `op` naming the path. `limitHint` ends the over-limit message in parentheses, saying
    /// what the limit is and how to raise it (the memory limit's own hint by default).
    public init(_ path: String, op: String, limit: Int? = nil, limitHint: String? = nil) throws {
        self.path = path
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever,
        // before fstat could reject it. It changes nothing for regular files.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ioError(op, path, errno: errno, action: "cannot open") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ioError(op, path, errno: errno, action: "cannot read") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw TensorError(op, "\(quoted(path)) is a directory, not a file") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw TensorError(op, "\(quoted(path)) is not a regular file")
        }
        let size = Int(info.st_size)
        let cap = limit ?? Limits.maxTensorBytes
        guard size <= cap else {
            let hint = limitHint ?? (limit == nil ? "raise it with set_limit(\"memory\", bytes)" : nil)
            throw TensorError(op, "\(quoted(path)) is \(Limits.formatBytes(size)), over the limit of \(Limits.formatBytes(cap))"
                + (hint.map { " (\($0))" } ?? ""))
        }
        guard let buffer = malloc(Swift.max(size, 1)) else {
            throw TensorError(op, "\(quoted(path)): cannot allocate \(Limits.formatBytes(size)) to read it: out of memory")
        }
        var done = 0
        while done < size {
            let n = read(fd, buffer + done, size - done)
            if n < 0 {
                if errno == EINTR { continue }
                let code = errno
                free(buffer)
                throw ioError(op, path, errno: code, action: "cannot read")
            }
            if n == 0 { break }   // shrank while being read: the readers see a truncated file
            done += n
        }
        storage = buffer
        bytes = UnsafeRawBufferPointer(start: buffer, count: done)
    }

    /// The contents as an array (notebooks and text files).
    public var array: [UInt8] { Array(bytes) }

    deinit { free(storage) }
}

/// `op: "path": <action>: <reason>` for a failed system call, in words rather than errno numbers.
func ioError(_ op: String, _ path: String, errno code: Int32, action: String) -> TensorError {
    let reason: String
    switch code {
    case ENOENT: reason = "no such file or directory"
    case EACCES, EPERM: reason = "permission denied"
    case EISDIR: reason = "is a directory"
    case ENOTDIR: reason = "a parent of the path is not a directory"
    case ENOSPC: reason = "no space left on the device"
    case EROFS: reason = "read-only file system"
    case EDQUOT: reason = "disk quota exceeded"
    default: reason = String(cString: strerror(code))
    }
    return TensorError(op, "\(quoted(path)): \(action): \(reason)")
}

/// The one string quoter: `text` in double quotes with `\\ \" \n \t \r` escaped and other
/// control characters as `\u{1b}` (`\u001b` with `json`, a JSON string literal), so a path in
/// a message, a string's repr or a JSON key each stays on one line whatever it holds.
public func quoted(_ text: String, json: Bool = false) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if json, scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else if !json, scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

/// `c`, or `\u{1b}` (as `quoted` writes it) for a C0/C1 control character or DEL.
public func appendEscapingControls(_ c: Unicode.Scalar, to out: inout String) {
    if c.value < 0x20 || (c.value >= 0x7F && c.value < 0xA0) {
        out += "\\u{\(String(c.value, radix: 16))}"
    } else {
        out.unicodeScalars.append(c)
    }
}

/// Little-endian integer reads with bounds checks, for headers of binary formats.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer

    func has(_ offset: Int, _ count: Int) -> Bool {
        offset >= 0 && count >= 0 && offset <= bytes.count && count <= bytes.count - offset
    }

    func uint(_ offset: Int, _ size: Int) -> UInt64? {
        guard has(offset, size) else { return nil }
        var value: UInt64 = 0
        for i in 0..<size { value |= UInt64(bytes[offset &+ i]) << (8 &* UInt64(i)) }
        return value
    }

    func u16(_ offset: Int) -> Int? { uint(offset, 2).map { Int($0) } }
    func u32(_ offset: Int) -> Int? { uint(offset, 4).map { Int($0) } }
    func u64(_ offset: Int) -> UInt64? { uint(offset, 8) }
}
