// Tensor dtypes: float32 (the default), int64 and bool, as PyTorch's.
//
// Storage stays a buffer of float32 slots, so every float32 kernel is untouched:
// - bool elements are float32 0 and 1 (so masks feed masked_fill, where and the float kernels
//   directly; a bool tensor and a float32 tensor may even share storage);
// - an int64 element takes two slots (8 bytes, exact over the whole int64 range). Moving int64
//   elements reuses the float32 copy kernels through `int64AsFloatPairs`, which views each
//   element as a pair of float32 slots; no float32 arithmetic ever touches them.

/// The element type of a tensor; PyTorch's promotion order is bool < int64 < float32.
public enum TensorDType: String, Equatable, Comparable, Sendable {
    case bool, int64, float32

    /// `"float32"`, `"int64"` or `"bool"`, as `x.dtype` shows it.
    public var name: String { rawValue }

    private var order: Int {
        switch self {
        case .bool: return 0
        case .int64: return 1
        case .float32: return 2
        }
    }
    public static func < (a: TensorDType, b: TensorDType) -> Bool { a.order < b.order }

    /// The dtype PyTorch gives an op on tensors of dtypes `a` and `b`.
    public static func promoted(_ a: TensorDType, _ b: TensorDType) -> TensorDType { Swift.max(a, b) }

    /// The dtype of `self` combined with a number operand: a whole number counts as an integer
    /// (`arange(4) * 2` stays int64), any other as a float; a bool tensor and a whole number give int64.
    public func promoted(withNumber value: Double) -> TensorDType {
        let whole = value.isFinite && value == value.rounded()
        return Swift.max(self, whole ? .int64 : .float32)
    }

    /// The dtype named `name` (`"float32"`, `"float"`, `"int64"`, `"long"`, `"bool"`), or nil.
    public init?(name: String) {
        switch name {
        case "float32", "float": self = .float32
        case "int64", "long": self = .int64
        case "bool": self = .bool
        default: return nil
        }
    }
}

extension Tensor {
    /// Address of element [0, 0, ...] of an int64 tensor.
    public var int64Pointer: UnsafeMutablePointer<Int64> {
        UnsafeMutableRawPointer(storage.pointer).assumingMemoryBound(to: Int64.self) + offset
    }

    /// An int64 tensor seen as float32 pairs `[..., 2]` over the same bytes, so that the float32
    /// copy kernels (cat, index_select, strided copies) move int64 elements bit for bit.
    func int64AsFloatPairs() -> Tensor {
        Tensor(storage: storage, shape: shape + [2], strides: strides.map { $0 &* 2 } + [1], offset: offset &* 2)
    }

    /// The inverse of `int64AsFloatPairs` for a tensor whose last dimension is a contiguous pair.
    func floatPairsAsInt64() -> Tensor {
        Tensor(storage: storage, shape: Array(shape.dropLast()), strides: strides.dropLast().map { $0 / 2 },
               offset: offset / 2, dtype: .int64)
    }

    /// The same elements under another tag: only between float32 and bool, which share a layout.
    func retagged(_ dtype: TensorDType) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }

    /// Runs a float32 data-movement op (copies, joins, gathers: no arithmetic) on tensors of
    /// this dtype: int64 through float32 pairs (dimension indices given to `op` still count the
    /// original dimensions from the front), bool through its float32 0/1 slots.
    func movingElements(_ op: (Tensor) throws -> Tensor) rethrows -> Tensor {
        switch dtype {
        case .float32: return try op(self)
        case .bool: return try op(retagged(.float32)).retagged(.bool)
        case .int64: return try op(int64AsFloatPairs()).floatPairsAsInt64()
        }
    }

    /// A contiguous copy of a bool or int64 tensor (`clonedContiguous` for other dtypes).
    func clonedContiguousTyped(op: String) throws -> Tensor {
        try movingElements { try $0.clonedContiguous(op: op) }
    }

    /// The elements in row-major order as int64 (float32 truncated toward zero, as `.long()`).
    public func int64Values() -> [Int64] {
        if dtype == .int64 {
            let c = isContiguous ? self : (try? clonedContiguous(op: "long")) ?? self
            return Array(UnsafeBufferPointer(start: c.int64Pointer, count: count))
        }
        return toArray().map(truncatedInt64)
    }

    /// The elements in row-major order as doubles (exact for int64 up to 2^53).
    public func doubleValues() -> [Double] {
        dtype == .int64 ? int64Values().map { Double($0) } : toArray().map { Double($0) }
    }

    /// The single element as a double (exact for int64 up to 2^53), as PyTorch's `item()`.
    public func itemValue() throws -> Double {
        guard count == 1 else { _ = try item(); return 0 }
        return dtype == .int64 ? Double(int64Pointer[0]) : Double(dataPointer[0])
    }

    /// A contiguous int64 tensor holding `data` in row-major order.
    public static func int64(shape: [Int], data: [Int64], op: String = "tensor") throws -> Tensor {
        let out = try uninitialized(shape, dtype: .int64, op: op)
        guard out.count == data.count else {
            throw TensorError(op, "\(data.count) values cannot fill shape \(shapeString(shape)) (\(out.count) elements)")
        }
        data.withUnsafeBufferPointer { src in
            if let base = src.baseAddress, out.count > 0 { out.int64Pointer.update(from: base, count: out.count) }
        }
        return out
    }

    /// A contiguous bool tensor holding `data` in row-major order.
    public static func bools(shape: [Int], data: [Bool], op: String = "tensor") throws -> Tensor {
        try Tensor(shape: shape, data: data.map { $0 ? 1 : 0 }, op: op).retagged(.bool)
    }

    /// The tensor converted to `dtype` (`self` when it already has it, as PyTorch's `.to`).
    /// Only float32 tensors can require gradients, so a conversion leaves the graph unless
    /// it yields float32 from float32.
    public func to(_ target: TensorDType) throws -> Tensor {
        if target == dtype { return self }
        switch (dtype, target) {
        case (.bool, .float32):
            return try clonedContiguous(op: "float").retagged(.float32)
        case (.float32, .bool):
            let src = try contiguousData()
            let out = try Tensor.uninitialized(shape, op: "bool")
            let (p, o) = (src.dataPointer, out.dataPointer)
            for i in 0..<count { o[i] = p[i] != 0 ? 1 : 0 }
            return out.retagged(.bool)
        case (.int64, _):
            let src = try contiguousData()
            let out = try Tensor.uninitialized(shape, op: target.name)
            let (p, o) = (src.int64Pointer, out.dataPointer)
            if target == .bool { for i in 0..<count { o[i] = p[i] != 0 ? 1 : 0 } }
            else { for i in 0..<count { o[i] = Float(p[i]) } }
            return out.retagged(target)
        case (_, .int64):
            let src = try contiguousData()
            let out = try Tensor.uninitialized(shape, dtype: .int64, op: "long")
            let (p, o) = (src.dataPointer, out.int64Pointer)
            for i in 0..<count { o[i] = truncatedInt64(p[i]) }
            return out
        default:
            return self
        }
    }

    /// Marks a leaf as wanting gradients (or not); only float32 tensors can, as in PyTorch.
    public func setRequiresGrad(_ flag: Bool) throws {
        if flag && dtype != .float32 {
            throw TensorError("requires_grad", "only float32 tensors can require gradients, not \(dtype.name) (convert with .float() first)")
        }
        requiresGrad = flag
    }

    /// `x.float()`, `x.long()`, `x.bool()`: conversions as PyTorch's (a float32 tensor's `.float()` is itself).
    public func float() throws -> Tensor { try to(.float32) }
    public func long() throws -> Tensor { try to(.int64) }
    public func bool() throws -> Tensor { try to(.bool) }

    /// The tensor as float32 for an op that needs floats (exp, softmax, layers, losses): itself
    /// when float32, bool's 0/1 slots read in place, int64 converted.
    public func promotedToFloat() throws -> Tensor {
        switch dtype {
        case .float32: return self
        case .bool: return retagged(.float32)
        case .int64: return try to(.float32)
        }
    }
}

/// float32 → int64 as PyTorch's `.long()` on x86: truncation toward zero; NaN, infinities and
/// values out of range give Int64.min.
@inline(__always)
func truncatedInt64(_ v: Float) -> Int64 {
    v.isFinite && Swift.abs(v) < 9.2e18 ? Int64(v) : Int64.min
}
