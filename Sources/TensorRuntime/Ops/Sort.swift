// sort and argsort, on topk's stable ordering (nan counts as the largest value).

/// The elements of `x` ordered along `dim` (ascending, or descending), with the positions
/// they came from, as `torch.sort(x, dim, descending, stable=True)`: equal values keep their
/// order. x: [A, n, B] → values, indices: [A, n, B]. Gradients flow to x through values.
public func sort(_ x: Tensor, dim: Int = -1, descending: Bool = false) throws -> (values: Tensor, indices: Tensor) {
    let d = try normalizeDim(dim, rank: x.rank, op: "sort")
    let n = x.rank == 0 ? 1 : x.shape[d]
    return try topk(x, k: n, dim: d, largest: descending)
}

/// The positions that sort `x` along `dim`, as `torch.argsort(x, dim, descending, stable=True)`.
public func argsort(_ x: Tensor, dim: Int = -1, descending: Bool = false) throws -> Tensor {
    try GradMode.withoutGrad { try sort(x, dim: dim, descending: descending).indices }
}

extension Tensor {
    public func sort(dim: Int = -1, descending: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try TensorRuntime.sort(self, dim: dim, descending: descending)
    }
    public func argsort(dim: Int = -1, descending: Bool = false) throws -> Tensor {
        try TensorRuntime.argsort(self, dim: dim, descending: descending)
    }
}
