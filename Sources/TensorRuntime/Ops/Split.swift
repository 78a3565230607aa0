// chunk and split on tensors: consecutive views along one dimension (narrow), so writes
// through a piece reach the original and gradients flow through the views.

/// Consecutive views of `sizes[k]` elements along `dim`, as `torch.split(x, [sizes])`; the
/// sizes must add up to the dimension's size.
public func split(_ x: Tensor, sizes: [Int], dim: Int = 0) throws -> [Tensor] {
    let op = "split"
    let d = try normalizeDim(dim, rank: x.rank, op: op)
    guard x.rank > 0 else { throw TensorError(op, "cannot split a 0-dimensional tensor") }
    let size = x.shape[d]
    var total = 0
    for s in sizes {
        guard s >= 0 else { throw TensorError(op, "split sizes must be >= 0, got \(s)") }
        total = total.addingReportingOverflow(s).partialValue
        guard total >= 0 && total <= size else { break }
    }
    guard total == size, sizes.allSatisfy({ $0 >= 0 }) else {
        throw TensorError(op, "split sizes \(sizes) must add up to the size \(size) of dimension \(d) (shape \(shapeString(x.shape)))")
    }
    var start = 0
    return try sizes.map { s in
        defer { start += s }
        return try narrow(x, dim: d, start: start, length: s)
    }
}

/// Views of `size` elements along `dim` (the last one shorter when size does not divide the
/// dimension), as `torch.split(x, size)`.
public func split(_ x: Tensor, size: Int, dim: Int = 0) throws -> [Tensor] {
    let op = "split"
    let d = try normalizeDim(dim, rank: x.rank, op: op)
    guard x.rank > 0 else { throw TensorError(op, "cannot split a 0-dimensional tensor") }
    let n = x.shape[d]
    guard size >= 0 else { throw TensorError(op, "split size must be >= 0, got \(size)") }
    guard size > 0 || n == 0 else {
        throw TensorError(op, "split size can only be 0 if dimension \(d) has size 0, got \(size) for size \(n)")
    }
    if n == 0 { return [x] }
    var sizes: [Int] = []
    var start = 0
    while start < n {
        sizes.append(Swift.min(size, n - start))
        start += size
    }
    return try split(x, sizes: sizes, dim: d)
}

/// At most `chunks` views along `dim`, each of ⌈size / chunks⌉ elements but the last, as
/// `torch.chunk` (so it can return fewer than `chunks` pieces).
public func chunk(_ x: Tensor, _ chunks: Int, dim: Int = 0) throws -> [Tensor] {
    let op = "chunk"
    guard chunks > 0 else { throw TensorError(op, "number of chunks must be positive, got \(chunks)") }
    let d = try normalizeDim(dim, rank: x.rank, op: op)
    guard x.rank > 0 else { throw TensorError(op, "cannot chunk a 0-dimensional tensor") }
    let n = x.shape[d]
    let size = n / chunks + (n % chunks == 0 ? 0 : 1)
    // An empty dimension gives `chunks` empty pieces, as PyTorch.
    if size == 0 {
        guard chunks <= 1 << 20 else { throw TensorError(op, "cannot make \(chunks) empty pieces of dimension \(d) (size 0)") }
        return try (0..<chunks).map { _ in try narrow(x, dim: d, start: 0, length: 0) }
    }
    return try split(x, size: size, dim: d)
}

extension Tensor {
    public func split(sizes: [Int], dim: Int = 0) throws -> [Tensor] { try TensorRuntime.split(self, sizes: sizes, dim: dim) }
    public func split(size: Int, dim: Int = 0) throws -> [Tensor] { try TensorRuntime.split(self, size: size, dim: dim) }
    public func chunk(_ chunks: Int, dim: Int = 0) throws -> [Tensor] { try TensorRuntime.chunk(self, chunks, dim: dim) }
}
