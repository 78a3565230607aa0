/// An n-dimensional array of one dtype (float32, int64 or bool): a strided view onto a
/// `Storage`, plus its autograd state. Shape, strides and offset count elements of `dtype`.
///
/// A tensor is a reference, as in PyTorch: views (`transpose`, `permute`, slicing, `expand`,
/// `unsqueeze`, `squeeze`, `view` of a contiguous tensor) share storage with their base, and
/// in-place writes (slice assignment, optimizer steps) are seen through every view.
public final class Tensor {
    public let storage: Storage
    public let shape: [Int]
    /// Elements to skip per step along each dimension; 0 on broadcast (expanded) dimensions.
    public let strides: [Int]
    /// Index of element [0, 0, ...] in `storage`.
    public let offset: Int
    /// float32 (the default), int64 or bool; see `TensorDType` for how each is stored.
    public let dtype: TensorDType

    /// Set on leaves the user wants gradients for, and on every result computed from one
    /// while gradient recording is on.
    public var requiresGrad: Bool = false
    /// Accumulated gradient of a leaf after `backward()`; same shape as the tensor.
    public var grad: Tensor?
    /// How this tensor was computed; nil for leaves.
    public var gradFn: GradFn?

    deinit { GraphRelease.release(&gradFn) }

    public init(storage: Storage, shape: [Int], strides: [Int], offset: Int, dtype: TensorDType = .float32) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
    }

    /// A fresh contiguous tensor whose elements are not yet written. Checks the allocation cap.
    public static func uninitialized(_ shape: [Int], op: String = "tensor") throws -> Tensor {
        let count = try Limits.checkedCount(shape, op: op)
        return Tensor(storage: Storage(uninitializedCount: count), shape: shape,
                      strides: contiguousStrides(shape), offset: 0)
    }

    /// A fresh contiguous float32 tensor of `x`'s shape whose elements are not yet written. It
    /// shares `x`'s shape array, and its strides array when `x` is laid out row-major: a tiny op
    /// then allocates no array (each costs ~500 instructions, a third of a [1, 10] softmax).
    public static func uninitialized(like x: Tensor, op: String = "tensor") throws -> Tensor {
        let count = try Limits.checkedCount(x.shape, op: op)
        return Tensor(storage: Storage(uninitializedCount: count), shape: x.shape,
                      strides: x.hasRowMajorStrides ? x.strides : contiguousStrides(x.shape), offset: 0)
    }

    /// Whether `strides` are exactly `contiguousStrides(shape)` (size-1 dimensions included).
    @inlinable
    var hasRowMajorStrides: Bool {
        var running = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            if strides[d] != running { return false }
            running &*= Swift.max(shape[d], 1)
        }
        return true
    }

    /// A fresh contiguous tensor of `dtype` whose elements are not yet written.
    public static func uninitialized(_ shape: [Int], dtype: TensorDType, op: String = "tensor") throws -> Tensor {
        let count = try Limits.checkedCount(shape, op: op)
        // An int64 element takes the room of two float32 slots.
        let slots = dtype == .int64 ? count &* 2 : count
        return Tensor(storage: Storage(uninitializedCount: slots), shape: shape,
                      strides: contiguousStrides(shape), offset: 0, dtype: dtype)
    }

    /// A fresh contiguous tensor filled with `value`.
    public static func filled(_ shape: [Int], _ value: Float, op: String = "full") throws -> Tensor {
        let t = try uninitialized(shape, op: op)
        t.storage.pointer.initialize(repeating: value, count: Swift.max(t.count, 1))
        return t
    }

    /// A contiguous tensor holding `data` in row-major order.
    public convenience init(shape: [Int], data: [Float], op: String = "tensor") throws {
        let count = try Limits.checkedCount(shape, op: op)
        guard count == data.count else {
            throw TensorError(op, "\(data.count) values cannot fill shape \(shapeString(shape)) (\(count) elements)")
        }
        let storage = Storage(uninitializedCount: count)
        data.withUnsafeBufferPointer { src in
            if count > 0 { storage.pointer.initialize(from: src.baseAddress!, count: count) }
        }
        self.init(storage: storage, shape: shape, strides: contiguousStrides(shape), offset: 0)
    }

    /// A 0-dimensional tensor.
    public static func scalar(_ value: Float) -> Tensor {
        let storage = Storage(uninitializedCount: 1)
        storage.pointer.initialize(to: value)
        return Tensor(storage: storage, shape: [], strides: [], offset: 0)
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, &*) }
    public var rank: Int { shape.count }
    public var isLeaf: Bool { gradFn == nil }

    /// True when elements are laid out row-major with no gaps, so kernels may treat
    /// `dataPointer[0..<count]` as the tensor.
    public var isContiguous: Bool {
        var expected = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) where shape[d] != 1 {
            if strides[d] != expected { return false }
            expected &*= shape[d]
        }
        return true
    }

    /// Address of element [0, 0, ...]. Valid while `self` (and so its storage) is alive.
    public var dataPointer: UnsafeMutablePointer<Float> { storage.pointer + offset }

    /// Elements in row-major order (int64 elements rounded to float32).
    public func toArray() -> [Float] {
        if dtype == .int64 { return int64Values().map { Float($0) } }
        let n = count
        if n == 0 { return [] }
        if isContiguous { return Array(UnsafeBufferPointer(start: dataPointer, count: n)) }
        return [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
            copyStrided(to: buffer.baseAddress!)
            initialized = n
        }
    }

    /// The single element of a one-element tensor (any rank), as PyTorch's `item()`.
    public func item() throws -> Float {
        guard count == 1 else {
            throw TensorError("item", "a tensor with \(count) elements cannot be converted to a number (shape \(shapeString(shape)))")
        }
        return dtype == .int64 ? Float(int64Pointer[0]) : dataPointer[0]
    }

    /// Writes the elements in row-major order to `destination` (which must hold `count` floats).
    public func copyStrided(to destination: UnsafeMutablePointer<Float>) {
        let n = count
        if n == 0 { return }
        if isContiguous {
            destination.update(from: dataPointer, count: n)
            return
        }
        var out = destination
        copyDimension(0, source: dataPointer, into: &out)
    }

    private func copyDimension(_ dim: Int, source: UnsafeMutablePointer<Float>, into out: inout UnsafeMutablePointer<Float>) {
        let size = shape[dim]
        let step = strides[dim]
        if dim == shape.count - 1 {
            var p = source
            var o = out
            for _ in 0..<size {
                o.pointee = p.pointee
                o += 1
                p += step
            }
            out = o
            return
        }
        var p = source
        for _ in 0..<size {
            copyDimension(dim + 1, source: p, into: &out)
            p += step
        }
    }
}

/// Row-major strides of a contiguous tensor of `shape`.
@inlinable
public func contiguousStrides(_ shape: [Int]) -> [Int] {
    // Array literals for the common ranks: the compiler allocates a literal with the storage
    // type cached in this module, while `[Int](repeating:count:)` and friends ask the runtime
    // for it on every call (~350 instructions, a tenth of a tiny op).
    @inline(__always) func size(_ d: Int) -> Int { Swift.max(shape[d], 1) }
    switch shape.count {
    case 0: return []
    case 1: return [1]
    case 2: return [size(1), 1]
    case 3: return [size(1) &* size(2), size(2), 1]
    case 4: return [size(1) &* size(2) &* size(3), size(2) &* size(3), size(3), 1]
    default:
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for d in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[d] = running
            running &*= size(d)
        }
        return strides
    }
}

/// Resolves a possibly negative dimension index against `rank`, as PyTorch does.
public func normalizeDim(_ dim: Int, rank: Int, op: String) throws -> Int {
    let lower = rank == 0 ? -1 : -rank
    let upper = rank == 0 ? 0 : rank - 1
    guard dim >= lower && dim <= upper else {
        throw TensorError(op, "dimension \(dim) is out of range for a tensor of rank \(rank) (expected \(lower) to \(upper))")
    }
    return dim < 0 ? dim + Swift.max(rank, 1) : dim
}

/// The broadcast shape of `a` and `b` under PyTorch's rules (align right; sizes equal or 1).
public func broadcastShapes(_ a: [Int], _ b: [Int], op: String) throws -> [Int] {
    let rank = Swift.max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        if x == y || y == 1 { result[i] = x }
        else if x == 1 { result[i] = y }
        else {
            throw TensorError(op, "shapes \(shapeString(a)) and \(shapeString(b)) cannot broadcast (size \(x) vs \(y) at dimension \(i))")
        }
    }
    return result
}
