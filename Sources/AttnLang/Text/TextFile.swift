import TensorRuntime

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Text files for `read_text`, `read_lines`, `write_text` and `exists`: UTF-8 only, sizes
/// bounded by the language's element limit, read through the runtime's one reader
/// (`FileContents`) and written through its one atomic writer.
enum TextFile {
    /// The file's text; invalid UTF-8 is an error naming the byte offset of the first bad byte.
    static func read(_ path: String, op: String) throws -> String {
        // Every character takes at most 4 bytes of UTF-8; saturating, as the element limit can be huge.
        let elements = LanguageLimits.maxElements
        let bytes = try FileContents(path, op: op, limit: elements > Int.max / 4 ? Int.max : elements * 4,
                                     limitHint: "4 bytes for each of the element limit's \(elements) characters; raise it with set_limit(\"elements\", n)").array
        if let bad = firstInvalidUTF8(bytes) {
            throw LangError("\(op): \(Value.string(path).repr) is not valid UTF-8 (byte \(bad) is 0x\(hex(bytes[bad])))")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.count > LanguageLimits.maxElements {
            throw LangError("\(op): \(Value.string(path).repr) has more than \(LanguageLimits.maxElements) characters (the element limit; see set_limit)")
        }
        return text
    }

    static func write(_ path: String, _ text: String, op: String) throws {
        try AtomicFile.write(Array(text.utf8), to: path, op: op)
    }

    /// True for any existing path (file or directory), as `os.path.exists`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return !path.isEmpty && stat(path, &info) == 0
    }

    /// Python's `str.splitlines()` boundaries: \n, \r\n, \r and the other Unicode line breaks.
    static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for c in text.unicodeScalars {
            if previousWasCR && c == "\n" { previousWasCR = false; continue }
            previousWasCR = c == "\r"
            switch c {
            case "\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}":
                lines.append(String(current))
                current = String.UnicodeScalarView()
            default:
                current.append(c)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }

    private static func hex(_ b: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(b >> 4)], digits[Int(b & 15)]])
    }

    /// Offset of the first byte that does not belong to a well-formed UTF-8 sequence.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var k = 0
        let n = bytes.count
        while k < n {
            let b = bytes[k]
            if b < 0x80 { k += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return k
            }
            for j in 1..<length {
                guard k + j < n else { return k }
                let limitLow: UInt8 = j == 1 ? low : 0x80, limitHigh: UInt8 = j == 1 ? high : 0xBF
                guard bytes[k + j] >= limitLow && bytes[k + j] <= limitHigh else { return k }
            }
            k += length
        }
        return nil
    }
}
