/// Element types the file readers understand, converted to float32 on load.
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

/// A float32 tensor of `shape` decoded from `bytes` (already checked to hold it).
func decodeTensor(_ bytes: UnsafeRawBufferPointer, shape: [Int], dtype: DType, bigEndian: Bool, op: String) throws -> Tensor {
    let t = try Tensor.uninitialized(shape, op: op)
    if t.count > 0, let base = bytes.baseAddress {
        dtype.decode(base, count: t.count, bigEndian: bigEndian, into: t.dataPointer)
    }
    return t
}
