/// Element types the file readers understand: floats load as float32, integers as int64
/// (exact), bool as bool.
enum DType: Equatable {
    case float16, bfloat16, float32, float64
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case bool

    var size: Int {
        switch self {
        case .int8, .uint8, .bool: return 1
        case .float16, .bfloat16, .int16, .uint16: return 2
        case .float32, .int32, .uint32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// The tensor dtype elements of this type load as.
    var tensorDType: TensorDType {
        switch self {
        case .float16, .bfloat16, .float32, .float64: return .float32
        case .bool: return .bool
        default: return .int64
        }
    }

    /// Converts `count` integer elements starting at `source` (any alignment) to int64.
    func decodeInt64(_ source: UnsafeRawPointer, count: Int, bigEndian: Bool, into out: UnsafeMutablePointer<Int64>) {
        let size = self.size
        for i in 0..<count {
            let p = source + i &* size
            var v: UInt64 = 0
            if bigEndian {
                for b in 0..<size { v = v << 8 | UInt64(p.load(fromByteOffset: b, as: UInt8.self)) }
            } else {
                for b in 0..<size { v |= UInt64(p.load(fromByteOffset: b, as: UInt8.self)) << (8 &* UInt64(b)) }
            }
            switch self {
            case .int8: out[i] = Int64(Int8(truncatingIfNeeded: v))
            case .int16: out[i] = Int64(Int16(truncatingIfNeeded: v))
            case .int32: out[i] = Int64(Int32(truncatingIfNeeded: v))
            default: out[i] = Int64(bitPattern: v)  // int64, and unsigned types (u64 wraps as in a cast)
            }
        }
    }

    /// Converts `count` elements starting at `source` (any alignment) to float32.
    func decode(_ source: UnsafeRawPointer, count: Int, bigEndian: Bool, into out: UnsafeMutablePointer<Float>) {
        let size = self.size
        @inline(__always) func bits(_ i: Int) -> UInt64 {
            let p = source + i &* size
            var value: UInt64 = 0
            if bigEndian {
                for b in 0..<size { value = value << 8 | UInt64(p.load(fromByteOffset: b, as: UInt8.self)) }
            } else {
                for b in 0..<size { value |= UInt64(p.load(fromByteOffset: b, as: UInt8.self)) << (8 &* UInt64(b)) }
            }
            return value
        }
        if self == .float32 && !bigEndian {
            // The common case: one copy, no per-byte work.
            UnsafeMutableRawPointer(out).copyMemory(from: source, byteCount: count &* 4)
            return
        }
        for i in 0..<count {
            let v = bits(i)
            switch self {
            case .float32: out[i] = Float(bitPattern: UInt32(truncatingIfNeeded: v))
            case .float64: out[i] = Float(Double(bitPattern: v))
            case .float16: out[i] = Float(Float16(bitPattern: UInt16(truncatingIfNeeded: v)))
            case .bfloat16: out[i] = Float(bitPattern: UInt32(truncatingIfNeeded: v) << 16)
            case .int8: out[i] = Float(Int8(truncatingIfNeeded: v))
            case .int16: out[i] = Float(Int16(truncatingIfNeeded: v))
            case .int32: out[i] = Float(Int32(truncatingIfNeeded: v))
            case .int64: out[i] = Float(Int64(bitPattern: v))
            case .uint8: out[i] = Float(UInt8(truncatingIfNeeded: v))
            case .uint16: out[i] = Float(UInt16(truncatingIfNeeded: v))
            case .uint32: out[i] = Float(UInt32(truncatingIfNeeded: v))
            case .uint64: out[i] = Float(v)
            case .bool: out[i] = v != 0 ? 1 : 0
            }
        }
    }
}

/// The element count of `shape` and its size in bytes, or nil on overflow; used to compare a
/// header's claims with the file before anything is allocated.
func byteCount(_ shape: [Int], itemSize: Int) -> (count: Int, bytes: Int)? {
    var count = 1
    for size in shape {
        guard size >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        if overflow { return nil }
        count = product
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: itemSize)
    return overflow ? nil : (count, bytes)
}

/// A tensor of `shape` decoded from `bytes` (already checked to hold it), of the dtype
/// `dtype` loads as.
func decodeTensor(_ bytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType, bigEndian: Bool, op: String) throws -> Tensor {
    let t = try Tensor.uninitialized(shape, dtype: dtype.tensorDType, op: op)
    if t.count > 0, let base = bytes.baseAddress {
        if t.dtype == .int64 { dtype.decodeInt64(base, count: t.count, bigEndian: bigEndian, into: t.int64Pointer) }
        else { dtype.decode(base, count: t.count, bigEndian: bigEndian, into: t.dataPointer) }
    }
    return t
}

/// How a tensor's dtype is written: numpy's descr, safetensors' name, bytes per element.
func fileFormat(of dtype: TensorDType) -> (npy: String, safetensors: String, size: Int) {
    switch dtype {
    case .float32: return ("<f4", "F32", 4)
    case .int64: return ("<i8", "I64", 8)
    case .bool: return ("|b1", "BOOL", 1)
    }
}

/// Appends the elements of `t` in row-major order, little-endian, in its own dtype's format.
func appendElements(_ t: Tensor, to out: inout [UInt8]) {
    switch t.dtype {
    case .float32: appendFloat32LittleEndian(t, to: &out)
    case .bool: out += t.toArray().map { $0 != 0 ? 1 : 0 }
    case .int64:
        out.reserveCapacity(out.count + t.count * 8)
        for v in t.int64Values() { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
    }
}
