/// NumPy `.npy` files: format versions 1.0, 2.0 and 3.0, C order, element types
/// f2/f4/f8, i1/i2/i4/i8, u1/u2/u4/u8 and b1 in any byte order (converted to float32 on load).
///
/// Layout: the magic `\x93NUMPY`, major and minor version bytes, the header length (2 bytes
/// little-endian in 1.0, 4 bytes in 2.0/3.0), then a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`, then the raw elements.
public enum Npy {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Reads a `.npy` file as a float32 tensor.
    public static func read(_ path: String) throws -> Tensor {
        let file = try FileContents(path, op: "load")
        return try parse(file.bytes, name: path, op: "load")
    }

    /// Parses `.npy` bytes (a file, or an `.npz` member called `name` in messages).
    static func parse(_ bytes: UnsafeRawBufferPointer, name: String, op: String) throws -> Tensor {
        func fail(_ problem: String) -> TensorError { TensorError(op, "\(quoted(name)): \(problem)") }
        let (header, dataStart, needed) = try layout(bytes, name: name, op: op)
        let available = bytes.count - dataStart
        guard needed <= available else {
            throw fail("truncated: shape \(shapeString(header.shape)) of \(quoted(header.descr)) needs \(needed) bytes of data but the file has \(available)")
        }
        let data = UnsafeRawBufferPointer(rebasing: bytes[dataStart..<(dataStart + needed)])
        return try decodeTensor(data, shape: header.shape, dtype: header.dtype, bigEndian: header.bigEndian, op: op)
    }

    /// The header of `.npy` bytes, where its data starts and how many data bytes its shape and
    /// dtype need. `bytes` may be just a prefix holding the header (an `.npz` member being
    /// inflated: its header says how much to inflate).
    static func layout(_ bytes: UnsafeRawBufferPointer, name: String, op: String) throws
        -> (header: NpyHeader, dataStart: Int, needed: Int) {
        func fail(_ problem: String) -> TensorError { TensorError(op, "\(quoted(name)): \(problem)") }
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw fail(bytes.count < 6 ? "not a .npy file (only \(bytes.count) bytes)" : "not a .npy file (wrong magic bytes)")
        }
        let major = Int(bytes[6])
        let headerStart: Int
        let headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = reader.u16(8) ?? 0
        case 2, 3:
            guard let length = reader.u32(8) else { throw fail("truncated header") }
            headerStart = 12
            headerLength = length
        default:
            throw fail("unsupported .npy format version \(major).\(bytes[7])")
        }
        guard reader.has(headerStart, headerLength) else {
            throw fail("truncated: the header claims \(headerLength) bytes but the file has \(Swift.max(0, bytes.count - headerStart)) after the preamble")
        }
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[headerStart..<(headerStart + headerLength)])
        let header = try NpyHeader(headerBytes, fail: fail)
        guard let (_, needed) = byteCount(header.shape, itemSize: header.dtype.size) else {
            throw fail("shape \(shapeString(header.shape)) is too large")
        }
        return (header, headerStart + headerLength, needed)
    }

    /// Writes `t` as a version 1.0 little-endian `.npy` file of its dtype (`<f4`, `<i8`, `|b1`), atomically.
    public static func write(_ t: Tensor, to path: String) throws {
        try AtomicFile.write(encode(t), to: path, op: "save")
    }

    /// The bytes of a `.npy` file holding `t` (float32 as `<f4`, int64 as `<i8`, bool as `|b1`).
    public static func encode(_ t: Tensor) -> [UInt8] {
        let dims = t.shape.map(String.init)
        let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        var header = Array("{'descr': '\(fileFormat(of: t.dtype).npy)', 'fortran_order': False, 'shape': \(shapeText), }".utf8)
        // numpy pads the header with spaces and a newline so the data starts 64-byte aligned.
        // Version 1.0 stores the header length in 16 bits; a longer header (a shape of
        // thousands of dimensions) needs version 2.0's 32 bits, as numpy itself writes it.
        let long = 10 + header.count + 1 + 63 > 0xFFFF
        let preamble = long ? 12 : 10
        let unpadded = preamble + header.count + 1
        header += [UInt8](repeating: 0x20, count: (64 - unpadded % 64) % 64) + [0x0A]
        let n = header.count
        var out = magic + (long ? [2, 0, UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)]
                                : [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)]) + header
        appendElements(t, to: &out)
        return out
    }
}

/// Appends the elements of `t` in row-major order as little-endian float32.
func appendFloat32LittleEndian(_ t: Tensor, to out: inout [UInt8]) {
    let values = t.toArray()
    values.withUnsafeBytes { raw in
        if 1.littleEndian == 1 {
            out.append(contentsOf: raw)
        } else {
            for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
    }
}

/// The parsed header dict of a `.npy` file.
struct NpyHeader {
    var descr = ""
    var dtype = DType.float32
    var bigEndian = false
    var shape: [Int] = []

    init(_ bytes: UnsafeRawBufferPointer, fail: (String) -> TensorError) throws {
        var parser = PyLiteralParser(text: Array(bytes))
        guard let dict = parser.parseDict() else { throw fail("malformed header: \(parser.error)") }
        guard case .string(let descr)? = dict["descr"] else { throw fail("header has no 'descr' string") }
        guard case .bool(let fortran)? = dict["fortran_order"] else { throw fail("header has no 'fortran_order' flag") }
        guard case .tuple(let shape)? = dict["shape"] else { throw fail("header has no 'shape' tuple") }
        if fortran { throw fail("Fortran-order arrays are not supported (save with np.ascontiguousarray)") }
        self.descr = descr
        self.shape = shape
        if shape.contains(where: { $0 < 0 }) { throw fail("negative size in shape \(shapeString(shape))") }
        let scalars = Array(descr.utf8)
        guard scalars.count >= 2 else { throw fail("unsupported dtype \(quoted(descr))") }
        let order = scalars[0]
        let code = String(decoding: scalars[1...], as: UTF8.self)
        let types: [String: DType] = [
            "f2": .float16, "f4": .float32, "f8": .float64,
            "i1": .int8, "i2": .int16, "i4": .int32, "i8": .int64,
            "u1": .uint8, "u2": .uint16, "u4": .uint32, "u8": .uint64, "b1": .bool,
        ]
        guard "<>|=".utf8.contains(order), let dtype = types[code] else {
            throw fail("unsupported dtype \(quoted(descr)) (supported: f2 f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1)")
        }
        self.dtype = dtype
        bigEndian = order == UInt8(ascii: ">")
    }
}

/// Just enough of Python's literal syntax for `.npy` headers: a dict of string keys to
/// strings, True/False, and tuples of integers.
struct PyLiteralParser {
    enum Value { case string(String), bool(Bool), tuple([Int]) }

    let text: [UInt8]
    var i = 0
    var error = ""

    init(text: [UInt8]) { self.text = text }

    mutating func skipSpace() {
        while i < text.count, text[i] == 0x20 || text[i] == 0x0A || text[i] == 0x09 || text[i] == 0x0D { i += 1 }
    }

    mutating func eat(_ c: Character) -> Bool {
        skipSpace()
        if i < text.count, text[i] == c.asciiValue { i += 1; return true }
        return false
    }

    mutating func parseDict() -> [String: Value]? {
        guard eat("{") else { error = "expected '{'"; return nil }
        var dict: [String: Value] = [:]
        while !eat("}") {
            guard let key = parseString() else { error = "expected a quoted key"; return nil }
            guard eat(":") else { error = "expected ':' after '\(key)'"; return nil }
            guard let value = parseValue() else { if error.isEmpty { error = "bad value for '\(key)'" }; return nil }
            dict[key] = value
            if !eat(",") {
                guard eat("}") else { error = "expected ',' or '}'"; return nil }
                break
            }
        }
        return dict
    }

    mutating func parseString() -> String? {
        skipSpace()
        guard i < text.count, text[i] == 0x27 || text[i] == 0x22 else { return nil }
        let quote = text[i]
        i += 1
        let start = i
        while i < text.count, text[i] != quote { i += 1 }
        guard i < text.count else { return nil }
        defer { i += 1 }
        return String(decoding: text[start..<i], as: UTF8.self)
    }

    mutating func parseValue() -> Value? {
        skipSpace()
        guard i < text.count else { return nil }
        if text[i] == 0x27 || text[i] == 0x22 { return parseString().map(Value.string) }
        if text[i] == UInt8(ascii: "(") {
            i += 1
            var items: [Int] = []
            while !eat(")") {
                guard let n = parseInt() else { error = "expected an integer in the shape"; return nil }
                items.append(n)
                if !eat(",") {
                    guard eat(")") else { error = "expected ',' or ')' in the shape"; return nil }
                    break
                }
            }
            return .tuple(items)
        }
        for (word, value) in [("True", true), ("False", false)] where text[i...].starts(with: word.utf8) {
            i += word.utf8.count
            return .bool(value)
        }
        error = "unexpected character in header"
        return nil
    }

    mutating func parseInt() -> Int? {
        skipSpace()
        var value = 0
        let start = i
        while i < text.count, text[i] >= 0x30, text[i] <= 0x39 {
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(text[i] - 0x30))
            if o1 || o2 { error = "shape size too large"; return nil }
            value = sum
            i += 1
        }
        if i < text.count, text[i] == UInt8(ascii: "L") { i += 1 }  // Python 2 longs
        return i > start ? value : nil
    }
}
