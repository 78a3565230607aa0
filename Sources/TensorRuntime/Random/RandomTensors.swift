/// Random tensors from `RandomGenerator.shared`, each consuming the generator exactly as the
/// PyTorch call of the same name does on the CPU, so a seeded program reproduces PyTorch's numbers.

/// Standard normal samples, as `torch.randn(shape)`.
public func randn(_ shape: [Int]) throws -> Tensor {
    try normalTensor(shape, mean: 0.0, std: 1.0, op: "randn")
}

/// Uniform samples in [0, 1), as `torch.rand(shape)`.
public func rand(_ shape: [Int]) throws -> Tensor {
    let t = try Tensor.uninitialized(shape, op: "rand")
    let g = RandomGenerator.shared
    let p = t.dataPointer
    for i in 0..<t.count { p[i] = g.nextFloat() }
    return t
}

/// Whole numbers uniform in [low, high), as `torch.randint(low, high, shape)` (int64).
public func randint(_ low: Int, _ high: Int, _ shape: [Int]) throws -> Tensor {
    let range = try RandomGenerator.range(low, high, op: "randint")
    let t = try Tensor.uninitialized(shape, dtype: .int64, op: "randint")
    let g = RandomGenerator.shared
    let p = t.int64Pointer
    for i in 0..<t.count { p[i] = Int64(g.nextInt(low: low, range: range)) }
    return t
}

/// A random permutation of 0..<n (int64), as `torch.randperm(n)`.
public func randperm(_ n: Int) throws -> Tensor {
    let t = try Tensor.uninitialized([n], dtype: .int64, op: "randperm")
    let p = t.int64Pointer
    for (i, v) in RandomGenerator.shared.permutation(n).enumerated() { p[i] = Int64(v) }
    return t
}

/// 0/1 samples that are 1 with probability `p`, as `torch.empty(shape).bernoulli_(p)`: one
/// double uniform per element, 1 where it is below `p`.
///
/// This is the mask of PyTorch's CPU dropout: `F.dropout(x, p, training=True)` is
/// `x * (bernoulli(1 - p) / Float(1 - p))` in float32 (and all zeros when p = 1).
public func bernoulliTensor(_ shape: [Int], p: Double) throws -> Tensor {
    guard p >= 0 && p <= 1 else { throw TensorError("bernoulli", "expects 0 <= p <= 1, got p=\(p)") }
    let t = try Tensor.uninitialized(shape, op: "bernoulli")
    let g = RandomGenerator.shared
    let out = t.dataPointer
    for i in 0..<t.count { out[i] = g.nextDouble() < p ? 1 : 0 }
    return t
}

/// A tensor filled as `tensor.uniform_(from, to)` fills a float32 tensor (layer initialisation):
/// one 32-bit draw per element, in row-major order.
public func uniformTensor(_ shape: [Int], from: Float, to: Float) throws -> Tensor {
    guard from <= to, (to - from).isFinite else {
        throw TensorError("uniform", "expects from <= to with a finite range, got from=\(from) to=\(to)")
    }
    let t = try Tensor.uninitialized(shape, op: "uniform")
    let g = RandomGenerator.shared
    let p = t.dataPointer
    for i in 0..<t.count { p[i] = g.nextFloat(from: from, to: to) }
    return t
}

/// A tensor filled as `tensor.normal_(mean, std)` fills a float32 tensor (embedding
/// initialisation). Fewer than 16 elements take PyTorch's scalar double-precision path (which
/// shares a cached second sample with other small normal draws); 16 or more take the
/// vectorised chunk-of-16 path (`NormalFill`). `mean` and `std` are used as doubles on the
/// scalar path, so pass the caller's doubles when there are any (the `Double` overload, which
/// literals also pick).
@_disfavoredOverload
public func normalTensor(_ shape: [Int], mean: Float = 0, std: Float = 1) throws -> Tensor {
    try normalTensor(shape, mean: Double(mean), std: Double(std), op: "normal")
}

/// `normalTensor` with the mean and standard deviation as PyTorch receives them (doubles).
public func normalTensor(_ shape: [Int], mean: Double, std: Double) throws -> Tensor {
    try normalTensor(shape, mean: mean, std: std, op: "normal")
}

func normalTensor(_ shape: [Int], mean: Double, std: Double, op: String) throws -> Tensor {
    guard std >= 0, std.isFinite, mean.isFinite else {
        throw TensorError(op, "expects a finite mean and a finite std >= 0, got mean=\(mean) std=\(std)")
    }
    let t = try Tensor.uninitialized(shape, op: op)
    let g = RandomGenerator.shared
    let n = t.count
    let p = t.dataPointer
    if n >= 16 {
        NormalFill.fill(p, count: n, mean: Float(mean), std: Float(std), generator: g)
    } else {
        for i in 0..<n { p[i] = Float(g.nextNormal(mean: mean, std: std)) }
    }
    return t
}
