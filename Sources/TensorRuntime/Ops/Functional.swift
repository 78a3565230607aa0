import CKernels

// Functional nn primitives the layers are built on: linear, embedding, dropout.

/// x · weightᵀ + bias in one BLAS call (bias preloaded into the output).
/// x: [*, I], weight: [O, I], bias: [O] → [*, O].
public func linear(_ x: Tensor, _ weight: Tensor, _ bias: Tensor? = nil) throws -> Tensor {
    guard x.rank >= 1, weight.rank == 2, x.shape[x.rank - 1] == weight.shape[1] else {
        throw TensorError("linear", "input \(shapeString(x.shape)) cannot be multiplied by a weight of shape \(shapeString(weight.shape)) (expected input [*, \(weight.rank == 2 ? weight.shape[1] : 0)] and weight [out, in])")
    }
    let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
    if let bias, bias.shape != [outFeatures] {
        throw TensorError("linear", "bias of shape \(shapeString(bias.shape)) does not match weight \(shapeString(weight.shape)) (expected [\(outFeatures)])")
    }
    let rows = inFeatures == 0 ? x.count : x.count / inFeatures
    try checkBlasSize(Swift.max(rows, inFeatures, outFeatures, weight.strides.max() ?? 0), op: "linear")
    let outShape = Array(x.shape.dropLast()) + [outFeatures]
    let out = try Tensor.uninitialized(outShape, op: "linear")
    let po = out.dataPointer
    if out.count > 0 {
        if let bias {
            let b = try bias.contiguousData().dataPointer
            for r in 0..<rows { (po + r &* outFeatures).update(from: b, count: outFeatures) }
        } else {
            po.update(repeating: 0, count: out.count)
        }
        if inFeatures > 0 {
            let x2 = try x.contiguousData()
            let w = weight.strides
            let lx = MatrixLayout(transposed: false, leading: inFeatures)
            // weightᵀ is [I, O]; BLAS reads it from weight's own layout when it can.
            if let lw = MatrixLayout(rows: inFeatures, cols: outFeatures, rowStride: w[1], colStride: w[0]) {
                try interruptibleGemm(rows, outFeatures, inFeatures, x2.dataPointer, lx, weight.dataPointer, lw, po, accumulate: true, op: "linear")
            } else {
                let wc = try weight.clonedContiguous(op: "linear")
                try interruptibleGemm(rows, outFeatures, inFeatures, x2.dataPointer, lx, wc.dataPointer,
                                      MatrixLayout(transposed: true, leading: inFeatures), po, accumulate: true, op: "linear")
            }
        }
    }
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    guard GradMode.isEnabled && inputs.contains(where: { $0.requiresGrad }) else { return out }
    let xShape = x.shape
    return Tensor.record(out, "linear", inputs, accumulating: { g, sums in
        let g2 = try reshape(g, [rows, outFeatures]).contiguousData()
        let x2 = try reshape(x, [rows, inFeatures]).contiguousData()
        // dW = gᵀ·x. With one row (a decoder step) it is an outer product, added into W's running
        // sum when there is one: the same roundings as writing it out and adding it. With more
        // rows sgemm's fused sum would round differently, so the product is returned.
        var dWeight: Tensor?
        if weight.requiresGrad {
            if rows == 1, let total = sums[1] {
                gemm(outFeatures, inFeatures, 1, g2.dataPointer, MatrixLayout(transposed: true, leading: outFeatures),
                     x2.dataPointer, MatrixLayout(transposed: false, leading: inFeatures), total.dataPointer, accumulate: true)
            } else {
                dWeight = try batchedProductKernel(transpose(g2, 0, 1), x2, op: "linear")
            }
        }
        var grads: [Tensor?] = [
            x.requiresGrad ? try reshape(batchedProductKernel(g2, weight, op: "linear"), xShape) : nil,
            dWeight,
        ]
        if let bias {
            var dBias: Tensor?
            if bias.requiresGrad {
                let column = try sum(g2, dims: [0])
                if let total = sums[2] { attn_add(total.dataPointer, column.dataPointer, total.dataPointer, outFeatures) } else { dBias = column }
            }
            grads.append(dBias)
        }
        return grads
    })
}

/// Rows of `weight` picked by `ids` (whole numbers in 0..<V, any shape).
/// weight: [V, D], ids: [*] → [*, D]. The backward adds each row's gradient into its id's row.
public func embedding(_ weight: Tensor, _ ids: Tensor) throws -> Tensor {
    guard weight.rank == 2 else {
        throw TensorError("embedding", "weight must be 2-D [num_embeddings, dim], got \(shapeString(weight.shape))")
    }
    let (vocab, dim) = (weight.shape[0], weight.shape[1])
    let rows = try wholeIndices(ids, bound: vocab, op: "embedding", what: "an embedding table of \(vocab) rows")
    let out = try Tensor.uninitialized(ids.shape + [dim], op: "embedding")
    let w = try weight.contiguousData()
    let pw = w.dataPointer, po = out.dataPointer
    for (r, id) in rows.enumerated() { (po + r &* dim).update(from: pw + id &* dim, count: dim) }
    guard mustRecord(weight) else { return out }
    return Tensor.record(out, "embedding", [weight, ids], accumulating: { g, sums in
        let gc = try g.contiguousData()
        let pg = gc.dataPointer
        guard let total = sums[0] else {
            let gw = try Tensor.filled([vocab, dim], 0, op: "embedding")
            let pgw = gw.dataPointer
            for (r, id) in rows.enumerated() {
                let src = pg + r &* dim, dst = pgw + id &* dim
                for j in 0..<dim { dst[j] += src[j] }
            }
            return [gw, nil]
        }
        // The table's running sum exists (a decoder step's lookup after the first): each id's
        // rows are summed (from 0, as in a fresh table) and that sum added into its row — no
        // [V, D] table per lookup to fill and add, and the same roundings.
        var slot: [Int: Int] = [:]
        var ids: [Int] = []
        for id in rows where slot[id] == nil { slot[id] = ids.count; ids.append(id) }
        var rowSums = [Float](repeating: 0, count: ids.count &* dim)
        for (r, id) in rows.enumerated() {
            let src = pg + r &* dim, base = slot[id]! &* dim
            for j in 0..<dim { rowSums[base &+ j] += src[j] }
        }
        let pt = total.dataPointer
        for (k, id) in ids.enumerated() {
            rowSums.withUnsafeBufferPointer { attn_add(pt + id &* dim, $0.baseAddress! + k &* dim, pt + id &* dim, dim) }
        }
        return [nil, nil]
    })
}

/// In training, zeroes each element with probability p and scales the rest by 1/(1-p);
/// identity in eval, when p == 0, or for an empty tensor.
///
/// Draws exactly as PyTorch's CPU dropout does (`noise.bernoulli_(1 - p)`, then
/// `input * noise / (1 - p)`), so after the same `manualSeed` the mask is PyTorch's: element i
/// is kept when the i-th `RandomGenerator.shared.nextDouble()` is below 1 - p. p == 1 draws
/// nothing and returns zeros, as PyTorch.
public func dropout(_ x: Tensor, p: Double, training: Bool = true) throws -> Tensor {
    guard p >= 0 && p <= 1 else { throw TensorError("dropout", "probability has to be between 0 and 1, but got \(p)") }
    guard training && p > 0 && x.count > 0 else { return x }
    if p == 1 { return try mul(x, 0) }
    let n = x.count
    let mask = try Tensor.uninitialized(x.shape, op: "dropout")
    let pm = mask.dataPointer
    let keep = 1 - p
    // PyTorch divides the float32 noise by the scalar in float32.
    let scale: Float = 1 / Float(keep)
    let generator = RandomGenerator.shared
    for i in 0..<n { pm[i] = generator.nextDouble() < keep ? scale : 0 }
    return try mul(x, mask)
}

extension Tensor {
    public func linear(_ weight: Tensor, _ bias: Tensor? = nil) throws -> Tensor { try TensorRuntime.linear(self, weight, bias) }
    public func dropout(p: Double, training: Bool = true) throws -> Tensor {
        try TensorRuntime.dropout(self, p: p, training: training)
    }
}
