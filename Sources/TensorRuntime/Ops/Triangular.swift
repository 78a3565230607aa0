// tril and triu: the lower or upper triangle of the last two dimensions, the rest zeroed.

/// The elements on and below the `diagonal`-th diagonal of each matrix in `x` (j − i ≤
/// diagonal), zeros elsewhere, as `torch.tril`. x: [..., M, N] → [..., M, N].
public func tril(_ x: Tensor, diagonal: Int = 0) throws -> Tensor {
    try triangle(x, diagonal: diagonal, lower: true, op: "tril")
}

/// The elements on and above the `diagonal`-th diagonal (j − i ≥ diagonal), as `torch.triu`.
public func triu(_ x: Tensor, diagonal: Int = 0) throws -> Tensor {
    try triangle(x, diagonal: diagonal, lower: false, op: "triu")
}

func triangle(_ x: Tensor, diagonal: Int, lower: Bool, op: String) throws -> Tensor {
    guard x.rank >= 2 else {
        throw TensorError(op, "expects a tensor of at least 2 dimensions, got shape \(shapeString(x.shape))")
    }
    let out = try x.clonedContiguous(op: op)
    zeroOutsideTriangle(out, diagonal: diagonal, lower: lower)
    guard mustRecord(x) else { return out }
    // The gradient keeps the same triangle; the saved diagonal is a number, not a tensor.
    return Tensor.record(out, op, [x]) { g in
        let gx = try g.clonedContiguous(op: op)
        zeroOutsideTriangle(gx, diagonal: diagonal, lower: lower)
        return [gx]
    }
}

/// Zeroes, in place, the elements of contiguous `t` (any dtype) outside the chosen triangle.
func zeroOutsideTriangle(_ t: Tensor, diagonal: Int, lower: Bool) {
    let rows = t.shape[t.rank - 2], cols = t.shape[t.rank - 1]
    let matrices = t.shape.dropLast(2).reduce(1, &*)
    let p = t.dataPointer, q = t.int64Pointer, wide = t.dtype == .int64
    for m in 0..<matrices {
        for i in 0..<rows {
            let start = (m &* rows &+ i) &* cols
            func zero(_ j: Int) { if wide { q[start &+ j] = 0 } else { p[start &+ j] = 0 } }
            // Keep columns j with j - i <= diagonal (lower) or j - i >= diagonal (upper).
            let edge = i.addingReportingOverflow(diagonal)
            let bound = edge.overflow ? (diagonal > 0 ? Int.max : Int.min) : edge.partialValue
            for j in 0..<cols where lower ? j > bound : j < bound { zero(j) }
        }
    }
}

extension Tensor {
    public func tril(diagonal: Int = 0) throws -> Tensor { try TensorRuntime.tril(self, diagonal: diagonal) }
    public func triu(diagonal: Int = 0) throws -> Tensor { try TensorRuntime.triu(self, diagonal: diagonal) }
}
