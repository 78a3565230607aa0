/// `torch.nn.MultiheadAttention(embedDim, numHeads, batch_first=True)` (bias, no dropout, no
/// add_bias_kv): inputs are projected by `in_proj_weight [3E, E]` / `in_proj_bias [3E]` (rows
/// for q, then k, then v), split into `numHeads` heads of E/numHeads, attended with scaled dot
/// products, joined and projected by `out_proj` (a Linear E → E).
///
/// Initialisation consumes the generator as PyTorch's constructor does: `out_proj` is built
/// first as an nn.Linear (its weight's kaiming-uniform, then its bias's uniform draw), then
/// `in_proj_weight` gets xavier_uniform_; both biases are then set to zero.
///
/// Masks use 1 = attend. A `[B, S]` mask corresponds to PyTorch's
/// `key_padding_mask = (mask == 0)`, a `[T, S]` mask to `attn_mask = (mask == 0)` (boolean,
/// True = blocked), a `[B, T, S]` mask to that attn_mask repeated for each head. A query with
/// nothing to attend to gets nan weights and a nan output, as in PyTorch.
public final class MultiheadAttention: Layer {
    public let embedDim: Int
    public let numHeads: Int
    public var training = true
    public var typeName: String { "MultiheadAttention" }
    public let parameterTable = ParameterTable()
    public var inProjWeight: Tensor { parameterTable[0] }
    public var inProjBias: Tensor { parameterTable[1] }
    public let outProj: Linear

    /// Attention over `embedDim` (E) features split into `numHeads` heads; E must be a multiple
    /// of `numHeads`.
    public init(_ embedDim: Int, _ numHeads: Int) throws {
        guard embedDim > 0, numHeads > 0, embedDim % numHeads == 0 else {
            throw TensorError("multihead_attention", "embed_dim (\(embedDim)) must be a positive multiple of num_heads (\(numHeads))")
        }
        _ = try Limits.checkedCount([3, embedDim, embedDim], op: "multihead_attention")  // in_proj_weight [3E, E]
        self.embedDim = embedDim
        self.numHeads = numHeads
        outProj = try Linear(embedDim, embedDim)
        parameterTable.register("in_proj_weight", try xavierUniformTensor([3 * embedDim, embedDim]))
        parameterTable.register("in_proj_bias", try Tensor.filled([3 * embedDim], 0, op: "multihead_attention"))
        parameterTable.include(outProj.parameterTable, prefix: "out_proj.")
        if let bias = outProj.bias { try outProj.setParameter("bias", Tensor.filled(bias.shape, 0)) }
    }

    /// `MultiheadAttention(embedDim, numHeads)` with PyTorch's argument names.
    public convenience init(embedDim: Int, numHeads: Int) throws { try self.init(embedDim, numHeads) }

    /// Query `[B, T, E]`, key `[B, S, E]`, value `[B, S, E]` (or unbatched `[T, E]`, `[S, E]`)
    /// → (output `[B, T, E]`, weights averaged over heads `[B, T, S]`).
    public func callAsFunction(_ query: Tensor, _ key: Tensor, _ value: Tensor,
                               mask: Tensor? = nil) throws -> (output: Tensor, weights: Tensor) {
        let op = "multihead_attention"
        let unbatched = query.rank == 2
        let q = unbatched ? try query.unsqueeze(0) : query
        let k = unbatched ? try key.unsqueeze(0) : key
        let v = unbatched ? try value.unsqueeze(0) : value
        let e = embedDim
        guard q.rank == 3, k.rank == 3, v.rank == 3, q.shape[2] == e, k.shape[2] == e, v.shape[2] == e,
              k.shape[0] == q.shape[0], v.shape[0] == q.shape[0], k.shape[1] == v.shape[1] else {
            throw TensorError(op, "expected query [B, T, \(e)], key and value [B, S, \(e)], got query \(shapeString(query.shape)), "
                + "key \(shapeString(key.shape)), value \(shapeString(value.shape))")
        }
        let batch = q.shape[0], t = q.shape[1], s = k.shape[1]
        let heads = numHeads, headDim = e / numHeads
        func rows(_ i: Int) -> TensorIndex { .slice(start: i * e, end: (i + 1) * e, step: nil) }
        // [B, L, E] → [B, heads, L, headDim]
        func split(_ x: Tensor, _ length: Int) throws -> Tensor {
            try x.view([batch, length, heads, headDim]).transpose(1, 2)
        }
        let qh = try split(linear(q, inProjWeight.index([rows(0)]), inProjBias.index([rows(0)])), t)
        let kh = try split(linear(k, inProjWeight.index([rows(1)]), inProjBias.index([rows(1)])), s)
        let vh = try split(linear(v, inProjWeight.index([rows(2)]), inProjBias.index([rows(2)])), s)
        // PyTorch scales the queries (not the scores) by 1/sqrt(headDim); the same order keeps
        // the rounding close.
        let scale = Float((1 / Double(headDim)).squareRoot())
        let scores = try matmul(qh * scale, kh.transpose(2, 3))
        // The mask is read against [B, T, S], then given a size-1 head dimension.
        let headMask = try mask.map { m -> Tensor in
            let aligned = try alignedMask(m, scores: [batch, t, s], op: op)
            let padded = [Int](repeating: 1, count: 3 - aligned.rank) + aligned.shape
            return try viewOf(aligned, [padded[0], 1, padded[1], padded[2]])
        }
        let weights = try attentionWeights(scores, mask: headMask, emptyRow: .nan, op: op)
        let joined = try matmul(weights, vh).transpose(1, 2).reshape([batch, t, e])
        let output = try outProj(joined)
        let averaged = try mean(weights, dims: [1])
        return unbatched ? (try output.squeeze(0), try averaged.squeeze(0)) : (output, averaged)
    }
}
