/// Hugging Face `.safetensors` files: an 8-byte little-endian header length, a JSON header
/// mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets into
/// the data that follows the header) plus an optional `"__metadata__"` map of strings, then
/// the raw little-endian data.
public enum Safetensors {
    /// The header size limit of the reference implementation; larger claims are not headers.
    static let maxHeaderBytes = 100_000_000

    static let dtypes: [String: DType] = [
        "F16": .float16, "BF16": .bfloat16, "F32": .float32, "F64": .float64,
        "I8": .int8, "I16": .int16, "I32": .int32, "I64": .int64,
        "U8": .uint8, "U16": .uint16, "U32": .uint32, "U64": .uint64, "BOOL": .bool,
    ]

    /// Reads every tensor (converted to float32), in the order of their data in the file.
    public static func read(_ path: String) throws -> [(String, Tensor)] {
        let file = try FileContents(path, op: "load")
        return try parse(file.bytes, name: path).tensors
    }

    /// The `__metadata__` map of a file (empty when it has none).
    public static func metadata(_ path: String) throws -> [(String, String)] {
        let file = try FileContents(path, op: "load")
        return try parse(file.bytes, name: path, decode: false).metadata
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, name: String, decode: Bool = true) throws
        -> (tensors: [(String, Tensor)], metadata: [(String, String)]) {
        func fail(_ problem: String) -> TensorError { TensorError("load", "\(quoted(name)): \(problem)") }
        let reader = ByteReader(bytes: bytes)
        guard let declared = reader.u64(0) else {
            throw fail("not a safetensors file (only \(bytes.count) bytes, no header length)")
        }
        let available = bytes.count - 8
        guard declared <= UInt64(Swift.min(available, maxHeaderBytes)) else {
            throw fail("not a safetensors file or truncated: the header length \(declared) exceeds "
                + (declared > UInt64(maxHeaderBytes) ? "the 100 MB limit" : "the \(available) bytes after it"))
        }
        let headerLength = Int(declared)
        let headerBytes = UnsafeRawBufferPointer(rebasing: bytes[8..<(8 + headerLength)])
        // As the reference library: a header that is not UTF-8 is refused, not patched up.
        if let offset = invalidUTF8Offset(headerBytes) {
            throw fail("the header is not valid UTF-8 (byte \(8 + offset))")
        }
        let header: JSON
        do {
            header = try JSON.parse(headerBytes)
        } catch let failure as JSONParser.Failure {
            throw fail("malformed header JSON: \(failure.message)")
        }
        guard case .object(let members) = header else { throw fail("the header is not a JSON object") }
        let data = UnsafeRawBufferPointer(rebasing: bytes[(8 + headerLength)...])

        var metadata: [(String, String)] = []
        var entries: [(name: String, dtype: DType, shape: [Int], begin: Int, end: Int)] = []
        var seen = Set<String>()
        for (key, value) in members {
            guard seen.insert(key).inserted else { throw fail("duplicate entry \(quoted(key)) in the header") }
            if key == "__metadata__" {
                guard case .object(let pairs) = value else { throw fail("__metadata__ is not an object") }
                for (k, v) in pairs {
                    guard case .string(let text) = v else { throw fail("__metadata__ value for \(quoted(k)) is not a string") }
                    metadata.append((k, text))
                }
                continue
            }
            guard case .object(let fields) = value else { throw fail("entry \(quoted(key)) is not an object") }
            func field(_ name: String) -> JSON? { fields.first { $0.0 == name }?.1 }
            guard case .string(let dtypeName)? = field("dtype") else { throw fail("tensor \(quoted(key)) has no dtype") }
            guard let dtype = dtypes[dtypeName] else {
                throw fail("tensor \(quoted(key)) has unsupported dtype \(quoted(dtypeName)) (supported: F16 BF16 F32 F64 I8 I16 I32 I64 U8 U16 U32 U64 BOOL)")
            }
            guard case .array(let dims)? = field("shape") else { throw fail("tensor \(quoted(key)) has no shape") }
            let shape = dims.compactMap(\.nonNegativeInt)
            guard shape.count == dims.count else { throw fail("tensor \(quoted(key)) has a shape that is not a list of sizes") }
            guard case .array(let offsets)? = field("data_offsets"), offsets.count == 2,
                  let begin = offsets[0].nonNegativeInt, let end = offsets[1].nonNegativeInt else {
                throw fail("tensor \(quoted(key)) has no valid data_offsets [begin, end]")
            }
            guard begin <= end, end <= data.count else {
                throw fail("tensor \(quoted(key)) claims bytes [\(begin), \(end)) but the data section has \(data.count) bytes (truncated?)")
            }
            guard let (_, needed) = byteCount(shape, itemSize: dtype.size), needed == end - begin else {
                throw fail("tensor \(quoted(key)) of shape \(shapeString(shape)) and dtype \(dtypeName) does not fit its \(end - begin) data bytes")
            }
            entries.append((key, dtype, shape, begin, end))
        }
        // The file's own order: by position of the data (names only break ties of empty tensors).
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        for (a, b) in zip(entries, entries.dropFirst()) where b.begin < a.end {
            throw fail("tensors \(quoted(a.name)) and \(quoted(b.name)) overlap in the data section")
        }
        // As the reference library: the tensors tile the data section exactly, with no bytes
        // between them or after the last (hidden or leftover data is a malformed file).
        var covered = 0
        for e in entries {
            guard e.begin == covered else {
                throw fail("the data section has \(e.begin - covered) unused bytes before tensor \(quoted(e.name)) (at \(covered))")
            }
            covered = e.end
        }
        guard covered == data.count else {
            throw fail("the data section has \(data.count - covered) bytes after the last tensor (it ends at \(covered) of \(data.count))")
        }
        guard decode else { return ([], metadata) }
        let tensors = try entries.map { e in
            (e.name, try decodeTensor(UnsafeRawBufferPointer(rebasing: data[e.begin..<e.end]), shape: e.shape,
                                      dtype: e.dtype, bigEndian: false, op: "load"))
        }
        return (tensors, metadata)
    }

    /// Writes `named` tensors (F32, I64, BOOL by dtype) in the given order (and `metadata`, if any), atomically.
    public static func write(_ named: [(String, Tensor)], metadata: [(String, String)] = [], to path: String) throws {
        try AtomicFile.write(encode(named, metadata: metadata), to: path, op: "save")
    }

    /// The bytes of a safetensors file holding `named`, each in its dtype (F32, I64, BOOL).
    public static func encode(_ named: [(String, Tensor)], metadata: [(String, String)] = []) throws -> [UInt8] {
        var seen = Set<String>()
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.map { quoted($0.0, json: true) + ":" + quoted($0.1, json: true) }
            entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for (name, t) in named {
            guard name != "__metadata__", seen.insert(name).inserted else {
                throw TensorError("save", "cannot save two tensors named \(quoted(name))")
            }
            let format = fileFormat(of: t.dtype)
            let bytes = t.count &* format.size
            entries.append(quoted(name, json: true) + ":{\"dtype\":\"\(format.safetensors)\",\"shape\":[" + t.shape.map(String.init).joined(separator: ",")
                + "],\"data_offsets\":[\(offset),\(offset + bytes)]}")
            offset += bytes
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        // Padding the header to 8 bytes keeps the data aligned for memory-mapped readers.
        header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8)
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out += header
        for (_, t) in named { appendElements(t, to: &out) }
        return out
    }
}

/// The offset of the first byte that does not belong to well-formed UTF-8, or nil.
func invalidUTF8Offset(_ bytes: UnsafeRawBufferPointer) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += UTF8.width(scalar)
        case .emptyInput: return nil
        case .error: return offset
        }
    }
}
