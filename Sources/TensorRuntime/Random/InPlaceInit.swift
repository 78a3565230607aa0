// In-place initialisers (`x.normal_()`, `x.uniform_()`, `x.zero_()`, `x.fill_()`, and the
// `nn.init` functions of the same names) and the creators `empty` and `normal`.
//
// They draw from the seeded generator exactly as PyTorch's CPU kernels do for float32: a
// contiguous tensor is filled in row-major order (normal_ of 16 or more elements by the
// vectorised path, `NormalFill`); any other layout is filled element by element in storage
// order (TensorIterator's order for a view without overlap), normal_ then by the scalar path.

/// Fills `x` in place with normal samples, as `x.normal_(mean, std)`; returns `x`.
@discardableResult
public func normal_(_ x: Tensor, mean: Double = 0, std: Double = 1) throws -> Tensor {
    let op = "normal_"
    guard std >= 0, std.isFinite, mean.isFinite else {
        throw TensorError(op, "expects a finite mean and a finite std >= 0, got mean=\(mean) std=\(std)")
    }
    try checkWritable(x, op: op, floatOnly: true)
    let g = RandomGenerator.shared
    if x.isContiguous {
        let filled = try normalTensor(x.shape, mean: mean, std: std, op: op)
        filled.copyStrided(to: x.dataPointer)
    } else {
        let p = x.storage.pointer
        for at in storageOrder(x) { p[at] = Float(g.nextNormal(mean: mean, std: std)) }
    }
    return x
}

/// Fills `x` in place with uniform samples in [from, to), as `x.uniform_(from, to)`; returns `x`.
@discardableResult
public func uniform_(_ x: Tensor, from: Double = 0, to: Double = 1) throws -> Tensor {
    let op = "uniform_"
    let (a, b) = (Float(from), Float(to))
    guard a <= b, (b - a).isFinite else {
        throw TensorError(op, "expects from <= to with a finite range, got from=\(from) to=\(to)")
    }
    try checkWritable(x, op: op, floatOnly: true)
    let g = RandomGenerator.shared
    let p = x.storage.pointer
    for at in storageOrder(x) { p[at] = g.nextFloat(from: a, to: b) }
    return x
}

/// Sets every element of `x` to `value` in place, as `x.fill_(value)`; returns `x`.
@discardableResult
public func fill_(_ x: Tensor, _ value: Float) throws -> Tensor {
    try checkWritable(x, op: "fill_")
    switch x.dtype {
    case .float32:
        let p = x.storage.pointer
        for at in storageOrder(x) { p[at] = value }
    case .bool:
        let p = x.storage.pointer
        for at in storageOrder(x) { p[at] = value != 0 ? 1 : 0 }
    case .int64:
        guard value.isFinite, value == value.rounded(), Swift.abs(value) < 9.2e18 else {
            throw TensorError("fill_", "an int64 tensor cannot be filled with \(value)")
        }
        let p = x.int64Pointer - x.offset
        for at in storageOrder(x) { p[at] = Int64(value) }
    }
    return x
}

/// Sets every element of `x` to 0 in place, as `x.zero_()`; returns `x`.
@discardableResult
public func zero_(_ x: Tensor) throws -> Tensor {
    try fill_(x, 0)
}

/// A tensor of `shape`, as `torch.empty`; attn fills it with zeros so that results never
/// depend on leftover memory.
public func empty(_ shape: [Int]) throws -> Tensor { try Tensor.filled(shape, 0, op: "empty") }

/// Normal samples of `shape`, as `torch.normal(mean, std, size)` (the same draws as
/// `torch.empty(size).normal_(mean, std)`).
public func normal(mean: Double, std: Double, _ shape: [Int]) throws -> Tensor {
    try normalTensor(shape, mean: mean, std: std, op: "normal")
}

/// An initialiser may write into plain tensors and into leaves (parameters, as `nn.init` does
/// under no_grad), but not into a tensor the graph computed, whose gradient would then be
/// wrong, nor into an expanded view, where several elements share one memory location.
func checkWritable(_ x: Tensor, op: String, floatOnly: Bool = false) throws {
    if floatOnly && x.dtype != .float32 {
        throw TensorError(op, "fills float32 tensors only, not \(x.dtype.name) (PyTorch's \(op) refuses them too)")
    }
    if GradMode.isEnabled && x.requiresGrad && !x.isLeaf {
        throw TensorError(op, "cannot write in place into a tensor computed from tensors that require grad; initialise the leaf, or use detach()")
    }
    for (size, stride) in zip(x.shape, x.strides) where size > 1 && stride == 0 {
        throw TensorError(op, "cannot write in place into an expanded tensor of shape \(shapeString(x.shape)): several elements share one memory location (use clone() first)")
    }
}

/// Storage positions of x's elements: row-major for a contiguous tensor, otherwise ascending.
func storageOrder(_ x: Tensor) -> [Int] {
    if x.isContiguous { return Array(x.offset..<(x.offset &+ x.count)) }
    return rowMajorOffsets(x.shape, strides: x.strides).map { $0 &+ x.offset }.sorted()
}

extension Tensor {
    @discardableResult
    public func normal_(mean: Double = 0, std: Double = 1) throws -> Tensor { try TensorRuntime.normal_(self, mean: mean, std: std) }
    @discardableResult
    public func uniform_(from: Double = 0, to: Double = 1) throws -> Tensor { try TensorRuntime.uniform_(self, from: from, to: to) }
    @discardableResult
    public func fill_(_ value: Float) throws -> Tensor { try TensorRuntime.fill_(self, value) }
    @discardableResult
    public func zero_() throws -> Tensor { try TensorRuntime.zero_(self) }
}
