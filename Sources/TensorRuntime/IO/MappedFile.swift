#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only: loading a large checkpoint costs no copy beyond the tensors
/// themselves, and sizes in headers can be checked against the real file size before anything
/// is allocated.
final class MappedFile {
    let path: String
    let bytes: UnsafeRawBufferPointer
    private let mapping: UnsafeMutableRawPointer?

    /// Opens and maps `path`; a missing path, a directory, a special file or an unreadable file
    /// is a one-line `TensorError` from `op` naming the path.
    init(_ path: String, op: String) throws {
        self.path = path
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever,
        // before fstat could reject it. It changes nothing for the regular files mapped below.
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
        if size == 0 {
            mapping = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let address, address != MAP_FAILED else {
            throw ioError(op, path, errno: errno, action: "cannot map")
        }
        mapping = address
        bytes = UnsafeRawBufferPointer(start: address, count: size)
    }

    deinit {
        if let mapping { munmap(mapping, bytes.count) }
    }
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
