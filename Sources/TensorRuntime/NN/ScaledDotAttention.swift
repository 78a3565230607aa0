/// Scaled dot-product attention, as `F.scaled_dot_product_attention`, also returning the weights.
///
/// - `q`: `[..., T, D]`, `k`: `[..., S, D]`, `v`: `[..., S, Dv]` (leading dimensions broadcast).
/// - `mask`: 1 (true) = may attend, as PyTorch's boolean `attn_mask`; read like `Attention`'s
///   mask (`[T, S]`, `[B, S]` padding, or anything broadcastable to `[..., T, S]`).
/// - `causal`: also forbid keys after the query (top-left aligned `[T, S]` lower triangle);
///   combined with `mask` when both are given (PyTorch refuses the combination).
/// - Returns (output `[..., T, Dv]`, weights `[..., T, S]`); rows with nothing to attend to have
///   zero weights and a zero output, as PyTorch gives.
public func scaledDotAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, mask: Tensor? = nil,
                               causal: Bool = false) throws -> (output: Tensor, weights: Tensor) {
    let op = "scaled_dot_attention"
    guard q.rank >= 2, k.rank >= 2, v.rank >= 2, q.shape[q.rank - 1] == k.shape[k.rank - 1],
          k.shape[k.rank - 2] == v.shape[v.rank - 2] else {
        throw TensorError(op, "expected q [..., T, D], k [..., S, D], v [..., S, Dv], got q \(shapeString(q.shape)), "
            + "k \(shapeString(k.shape)), v \(shapeString(v.shape))")
    }
    let scale = Float(1 / Double(q.shape[q.rank - 1]).squareRoot())
    let scores = try matmul(q, k.transpose(-2, -1)) * scale
    var keep = mask
    if causal {
        let t = scores.shape[scores.rank - 2], s = scores.shape[scores.rank - 1]
        let lower = try causalMask(t, s)
        if let given = mask {
            let aligned = try alignedMask(given, scores: scores.shape, op: op)
            keep = try mul(ne(aligned, 0), lower)
        } else {
            keep = lower
        }
    }
    let weights = try attentionWeights(scores, mask: keep, op: op)
    return (try matmul(weights, v), weights)
}
