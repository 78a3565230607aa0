import Glibc
import TensorRuntime

/// The history file, appended to one entry at a time. Rewriting the whole file after every
/// entry (as `write_history` does) made pasting 10 000 lines take tens of seconds; now each
/// entry costs one `write`, and the file is compacted (rewritten atomically with the last
/// 2000 entries) only when it has grown to twice that.
///
/// The format is libedit's `_HiStOrY_V2_`: a cookie line, then one line per entry encoded as
/// `strvis` does, which `read_history` decodes with `strunvis`: every byte that is not
/// printable ASCII (space and newline included) as `\ooo`, and `\` as `\\`.
struct HistoryFile {
    static let cookie = "_HiStOrY_V2_\n"
    static let kept = 2000

    let path: String
    private(set) var lines: Int

    init(path: String) {
        self.path = path
        lines = Self.lineCount(path)
    }

    /// Appends `entry`; returns true when the file should now be compacted.
    mutating func append(_ entry: String) -> Bool {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var info = stat()
        var bytes: [UInt8] = []
        if fstat(fd, &info) == 0, info.st_size == 0 { bytes += Array(Self.cookie.utf8); lines = 1 }
        bytes += Self.encoded(entry)
        bytes.append(UInt8(ascii: "\n"))
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written == bytes.count { lines += 1 }
        return lines > 2 * Self.kept + 1
    }

    static func encoded(_ entry: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entry.utf8.count)
        for byte in entry.utf8 {
            if byte == UInt8(ascii: "\\") {
                out += [byte, byte]
            } else if byte > 0x20 && byte < 0x7F {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "\\"))
                out += [(byte >> 6) & 7, (byte >> 3) & 7, byte & 7].map { UInt8(ascii: "0") + $0 }
            }
        }
        return out
    }

    /// Lines in the file (0 when it is missing or unreadable), read by the one file reader.
    static func lineCount(_ path: String) -> Int {
        guard let contents = try? FileContents(path, op: "history") else { return 0 }
        var count = 0
        for byte in contents.bytes where byte == UInt8(ascii: "\n") { count += 1 }
        return count
    }
}
