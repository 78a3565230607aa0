// repeat and repeat_interleave: tiling and element-wise repetition, composed of views
// (unsqueeze, expand, reshape), so their gradients (sums over the copies) come from those.

/// `x` tiled `repeats[d]` times along each dimension, as `torch.Tensor.repeat`.
/// `repeats` may be longer than x's rank (x is then read with leading size-1 dimensions).
/// x: [A, B], repeats: [r, s] → [r·A, s·B].
public func `repeat`(_ x: Tensor, _ repeats: [Int]) throws -> Tensor {
    let op = "repeat"
    guard repeats.count >= x.rank else {
        throw TensorError(op, "number of repeats (\(repeats.count)) cannot be smaller than the number of dimensions (\(x.rank)) of a tensor of shape \(shapeString(x.shape))")
    }
    if let negative = repeats.first(where: { $0 < 0 }) {
        throw TensorError(op, "repeats must be >= 0, got \(negative)")
    }
    let padded = [Int](repeating: 1, count: repeats.count - x.rank) + x.shape
    // Interleave a copy axis before every dimension: [1, A, 1, B] → [r, A, s, B] → [r·A, s·B].
    var interleaved: [Int] = [], expanded: [Int] = [], final: [Int] = []
    for (r, s) in zip(repeats, padded) {
        interleaved += [1, s]
        expanded += [r, s]
        final.append(try checkedProduct(r, s, op: op))
    }
    _ = try Limits.checkedCount(final, op: op)
    return try reshape(expand(reshape(x, interleaved), expanded), final)
}

/// Each element of `x` repeated `repeats` times along `dim` (flattened first when dim is
/// nil), as `torch.repeat_interleave(x, repeats, dim)`. x: [A, n, B] → [A, n·r, B].
public func repeatInterleave(_ x: Tensor, _ repeats: Int, dim: Int? = nil) throws -> Tensor {
    let op = "repeat_interleave"
    guard repeats >= 0 else { throw TensorError(op, "repeats must be >= 0, got \(repeats)") }
    let source = dim == nil ? try flatten(x) : x
    let d = try normalizeDim(dim ?? 0, rank: source.rank, op: op)
    if source.rank == 0 { return try repeatInterleave(reshape(source, [1]), repeats, dim: 0) }
    var withAxis = source.shape
    withAxis.insert(1, at: d + 1)
    var expanded = withAxis
    expanded[d + 1] = repeats
    var final = source.shape
    final[d] = try checkedProduct(final[d], repeats, op: op)
    _ = try Limits.checkedCount(final, op: op)
    return try reshape(expand(reshape(source, withAxis), expanded), final)
}

/// `repeat_interleave` with one count per element along `dim` (`counts.count` must equal that
/// size, or be 1). x: [A, n, B], counts: [n] → [A, Σcounts, B].
public func repeatInterleave(_ x: Tensor, counts: [Int], dim: Int? = nil) throws -> Tensor {
    let op = "repeat_interleave"
    if counts.count == 1 { return try repeatInterleave(x, counts[0], dim: dim) }
    let source = dim == nil ? try flatten(x) : x
    let d = try normalizeDim(dim ?? 0, rank: source.rank, op: op)
    let size = source.rank == 0 ? 1 : source.shape[d]
    guard counts.count == size else {
        throw TensorError(op, "repeats must have the same size as input along dim \(d): \(counts.count) repeats for size \(size)")
    }
    var total = 0
    for c in counts {
        guard c >= 0 else { throw TensorError(op, "repeats must be >= 0, got \(c)") }
        let (sum, overflow) = total.addingReportingOverflow(c)
        if overflow { throw Limits.allocationError([Int.max], bytes: nil, op: op) }
        total = sum
    }
    _ = try Limits.checkedCount([total], op: op)
    var positions: [Int] = []
    positions.reserveCapacity(total)
    for (i, c) in counts.enumerated() { positions += repeatElement(i, count: c) }
    return try indexSelect(source, dim: d, index: positionTensor(positions, shape: [positions.count]))
}

extension Tensor {
    public func `repeat`(_ repeats: [Int]) throws -> Tensor { try TensorRuntime.repeat(self, repeats) }
    public func repeatInterleave(_ repeats: Int, dim: Int? = nil) throws -> Tensor {
        try TensorRuntime.repeatInterleave(self, repeats, dim: dim)
    }
}

/// a·b for a result size, or the allocation error when it overflows.
func checkedProduct(_ a: Int, _ b: Int, op: String) throws -> Int {
    let (p, overflow) = a.multipliedReportingOverflow(by: b)
    if overflow { throw Limits.allocationError([a, b], bytes: nil, op: op) }
    return p
}
