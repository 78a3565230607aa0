// Masks for attention: true (or any non-zero) marks a position that may be attended to, 0 one
// that may not. Weights at masked positions are exactly 0, and a row with nothing to attend
// to gets all-zero weights (as F.scaled_dot_product_attention gives; nn.MultiheadAttention
// would give nan there).

/// `[n, n]` lower-triangular ones: query i may attend to keys 0...i.
public func causalMask(_ n: Int) throws -> Tensor {
    try causalMask(n, n)
}

/// `[t, s]` bool, true where key j ≤ query i (PyTorch's `is_causal` for t ≠ s: aligned top-left).
public func causalMask(_ t: Int, _ s: Int) throws -> Tensor {
    guard t >= 0, s >= 0 else { throw TensorError("causal_mask", "sizes must be non-negative, got \(t), \(s)") }
    let out = try Tensor.filled([t, s], 0, op: "causal_mask")
    let p = out.dataPointer
    for i in 0..<t {
        for j in 0..<Swift.min(i + 1, s) { p[i &* s &+ j] = 1 }
    }
    return out.retagged(.bool)
}

/// `[B, maxLen]` bool, true on the first `lengths[b]` positions of row b (real tokens) and zeros
/// on padding. `maxLen` defaults to the longest length; longer lengths fill the whole row.
public func paddingMask(lengths: [Int], maxLen: Int? = nil) throws -> Tensor {
    for (i, n) in lengths.enumerated() where n < 0 {
        throw TensorError("padding_mask", "length \(i) is \(n); lengths must be >= 0")
    }
    let width = maxLen ?? (lengths.max() ?? 0)
    guard width >= 0 else { throw TensorError("padding_mask", "max_len must be >= 0, got \(width)") }
    let out = try Tensor.filled([lengths.count, width], 0, op: "padding_mask")
    let p = out.dataPointer
    for (b, n) in lengths.enumerated() {
        for j in 0..<Swift.min(n, width) { p[b &* width &+ j] = 1 }
    }
    return out.retagged(.bool)
}

/// `paddingMask` from a 1-D tensor of whole-number lengths `[B]`.
public func paddingMask(lengths: Tensor, maxLen: Int? = nil) throws -> Tensor {
    guard lengths.rank == 1 else {
        throw TensorError("padding_mask", "lengths must be 1-D [B], got \(shapeString(lengths.shape))")
    }
    var values: [Int] = []
    for v in lengths.toArray() {
        guard v >= 0, v <= Float(Int32.max), v == v.rounded() else {
            throw TensorError("padding_mask", "lengths must be whole numbers >= 0, got \(v)")
        }
        values.append(Int(v))
    }
    return try paddingMask(lengths: values, maxLen: maxLen)
}

/// Reads `mask` against scores of shape `[B, ..., T, S]` and returns it reshaped so that plain
/// broadcasting applies. A 2-D mask is `[T, S]` (a causal mask) when its first size is T, and a
/// padding mask `[B, S]` (read as `[B, 1, ..., 1, S]`) when it is B; when B = T > 1 the two
/// readings differ and nothing tells them apart, so that is an error asking for an explicit
/// `[B, 1, S]` or `[1, T, S]`. Other ranks broadcast as they are.
func alignedMask(_ given: Tensor, scores: [Int], op: String) throws -> Tensor {
    // The kernels read a mask's float32 slots: bool and float32 masks as they are, int64 as bool.
    let mask = given.dtype == .int64 ? try given.to(.bool) : given
    let r = scores.count
    if mask.rank == 2 && r >= 3 {
        let batch = scores[0], queries = scores[r - 2]
        let m0 = mask.shape[0]
        let fitsKeys = mask.shape[1] == scores[r - 1] || mask.shape[1] == 1
        if fitsKeys && m0 == batch && m0 == queries && m0 > 1 {
            throw TensorError(op, "mask \(shapeString(mask.shape)) is ambiguous for scores \(shapeString(scores)): batch and "
                + "query length are both \(m0); use mask.unsqueeze(1) for a padding mask [B, 1, S] or "
                + "mask.unsqueeze(0) for a [1, T, S] mask")
        }
        if fitsKeys && m0 == batch && m0 != queries {
            var shape = [Int](repeating: 1, count: r)
            shape[0] = m0
            shape[r - 1] = mask.shape[1]
            return try viewOf(mask, shape)
        }
    }
    do {
        let b = try broadcastShapes(mask.shape, scores, op: op)
        guard b == scores else { throw TensorError(op, "") }
    } catch {
        throw TensorError(op, "mask of shape \(shapeString(mask.shape)) does not fit attention scores \(shapeString(scores)) "
            + "(expected [B, S], [T, S] or a shape broadcastable to the scores)")
    }
    return mask
}

/// `t` with a new shape of the same element count, sharing storage (`t` is contiguous or
/// copied first). No autograd: used for masks.
func viewOf(_ t: Tensor, _ shape: [Int]) throws -> Tensor {
    let base = try t.contiguousData()
    return Tensor(storage: base.storage, shape: shape, strides: contiguousStrides(shape), offset: base.offset)
}

/// `mask` broadcast to `shape` as a contiguous buffer of 0/1 bytes (non-zero = attend).
func expandedMask(_ mask: Tensor, to shape: [Int], op: String) throws -> [UInt8] {
    let rank = shape.count
    var strides = [Int](repeating: 0, count: rank)
    let shift = rank - mask.rank
    for d in 0..<mask.rank where mask.shape[d] != 1 { strides[d + shift] = mask.strides[d] }
    let view = Tensor(storage: mask.storage, shape: shape, strides: strides, offset: mask.offset)
    return view.toArray().map { $0 != 0 ? 1 : 0 }
}

/// Softmax over the last dimension that gives exactly 0 where `keep` is 0, and a row of
/// `emptyRow` (0, or nan as nn.MultiheadAttention gives) where nothing is kept. `keep` is
/// `scores.count` bytes in row-major order.
///
/// A primitive of its own rather than masked_fill(-inf) + softmax: that pair yields nan on rows
/// with nothing to attend to, and the mask is applied on every decoder step.
func maskedSoftmax(_ scores: Tensor, keep: [UInt8], emptyRow: Float = 0, op: String) throws -> Tensor {
    let shape = scores.shape
    let width = shape.last ?? 1
    let input = try scores.contiguousData()
    let out = try Tensor.uninitialized(shape, op: op)
    let rows = width == 0 ? 0 : scores.count / width
    let x = input.dataPointer, y = out.dataPointer
    keep.withUnsafeBufferPointer { k in
        for row in 0..<rows {
            let base = row &* width
            var top = -Float.infinity
            var any = false
            for j in 0..<width where k[base &+ j] != 0 {
                any = true
                if x[base &+ j] > top || x[base &+ j].isNaN { top = x[base &+ j] }
            }
            guard any else {
                for j in 0..<width { y[base &+ j] = emptyRow }
                continue
            }
            var total: Float = 0
            for j in 0..<width {
                let e: Float = k[base &+ j] != 0 ? expf(x[base &+ j] - top) : 0
                y[base &+ j] = e
                total += e
            }
            let inverse = 1 / total
            for j in 0..<width { y[base &+ j] *= inverse }
        }
    }
    withExtendedLifetime(input) {}
    let saved = Tensor(storage: out.storage, shape: shape, strides: out.strides, offset: 0)
    return Tensor.record(out, op, [scores]) { grad in
        // dx = y ⊙ (g - Σ g⊙y); masked positions have y = 0 and so get no gradient.
        let g = try grad.contiguousData()
        let dx = try Tensor.uninitialized(shape, op: op)
        let gp = g.dataPointer, yp = saved.dataPointer, d = dx.dataPointer
        for row in 0..<rows {
            let base = row &* width
            var dotProduct: Float = 0
            for j in 0..<width { dotProduct += gp[base &+ j] * yp[base &+ j] }
            for j in 0..<width { d[base &+ j] = yp[base &+ j] * (gp[base &+ j] - dotProduct) }
        }
        withExtendedLifetime(g) {}
        return [dx]
    }
}

/// Attention weights from raw scores `[..., S]`: a plain softmax over S, or the masked one
/// (rows with nothing to attend to filled with `emptyRow`).
func attentionWeights(_ scores: Tensor, mask: Tensor?, emptyRow: Float = 0, op: String) throws -> Tensor {
    guard let mask else { return try softmax(scores, dim: -1) }
    let aligned = try alignedMask(mask, scores: scores.shape, op: op)
    return try maskedSoftmax(scores, keep: expandedMask(aligned, to: scores.shape, op: op), emptyRow: emptyRow, op: op)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
