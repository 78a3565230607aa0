// Matrix products: matmul (torch.matmul semantics), mm, bmm, dot. Every product ends in one
// batched primitive that hands each matrix to BLAS in place: row-major or transposed views are
// read as they are, and broadcast batch dimensions only move a pointer.

/// a: [..., M, K] · b: [..., K, N] → [broadcast(...), M, N], with backward. Both rank >= 2.
func batchedProduct(_ a: Tensor, _ b: Tensor, op: String) throws -> Tensor {
    let out = try batchedProductKernel(a, b, op: op)
    guard mustRecord(a, b) else { return out }
    return Tensor.record(out, op, [a, b]) { g in
        // dA = g · bᵀ, dB = aᵀ · g, summed over batch dimensions that were broadcast.
        [a.requiresGrad ? try reduceBroadcastGrad(batchedProductKernel(g, transpose(b, -1, -2), op: op), to: a.shape) : nil,
         b.requiresGrad ? try reduceBroadcastGrad(batchedProductKernel(transpose(a, -1, -2), g, op: op), to: b.shape) : nil]
    }
}

func batchedProductKernel(_ a: Tensor, _ b: Tensor, op: String) throws -> Tensor {
    let ra = a.rank, rb = b.rank
    let (m, k) = (a.shape[ra - 2], a.shape[ra - 1])
    let (k2, n) = (b.shape[rb - 2], b.shape[rb - 1])
    guard k == k2 else {
        throw TensorError(op, "shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) cannot be multiplied (inner sizes \(k) and \(k2) differ)")
    }
    // The common shapes — equal batch dimensions (bmm) or a plain matrix on the right — need no
    // broadcasting; a tiny product is mostly this bookkeeping, so it allocates nothing extra.
    let sameBatch = ra == rb && a.shape.prefix(ra - 2) == b.shape.prefix(rb - 2)
    var outShape: [Int]
    if sameBatch || rb == 2 {
        outShape = replacingLast(a.shape, with: n)
    } else {
        let batchA = Array(a.shape[..<(ra - 2)]), batchB = Array(b.shape[..<(rb - 2)])
        guard let shape = try? broadcastShapes(batchA, batchB, op: op) else {
            throw TensorError(op, "batch dimensions of \(shapeString(a.shape)) and \(shapeString(b.shape)) cannot broadcast (\(shapeString(batchA)) vs \(shapeString(batchB)))")
        }
        outShape = shape + [m, n]
    }
    // Leading dimensions are strides, which can exceed the sizes; check both.
    try checkBlasSize(Swift.max(m, n, k, a.strides[ra - 2], a.strides[ra - 1], b.strides[rb - 2], b.strides[rb - 1],
                                a.count / Swift.max(k, 1)), op: op)
    let out = try Tensor.uninitialized(outShape, op: op)
    guard out.count > 0 else { return out }
    if k == 0 {
        out.dataPointer.update(repeating: 0, count: out.count)
        return out
    }
    // One product when b is a plain matrix and a's batch rows stack into one [B·M, K] matrix.
    if rb == 2, ra > 2, let rows = viewStrides(a.shape, a.strides, [a.count / k, k]),
       let la = MatrixLayout(rows: a.count / k, cols: k, rowStride: rows[0], colStride: rows[1]), !la.transposed,
       let lb = MatrixLayout(rows: k, cols: n, rowStride: b.strides[0], colStride: b.strides[1]) {
        try interruptibleGemm(a.count / k, n, k, a.dataPointer, la, b.dataPointer, lb, out.dataPointer, accumulate: false, op: op)
        return out
    }
    let a2 = MatrixLayout(rows: m, cols: k, rowStride: a.strides[ra - 2], colStride: a.strides[ra - 1]) == nil
        ? try a.clonedContiguous(op: op) : a
    let b2 = MatrixLayout(rows: k, cols: n, rowStride: b.strides[rb - 2], colStride: b.strides[rb - 1]) == nil
        ? try b.clonedContiguous(op: op) : b
    guard let la = MatrixLayout(rows: m, cols: k, rowStride: a2.strides[ra - 2], colStride: a2.strides[ra - 1]),
          let lb = MatrixLayout(rows: k, cols: n, rowStride: b2.strides[rb - 2], colStride: b2.strides[rb - 1]) else {
        throw TensorError(op, "internal: no BLAS layout for \(shapeString(a.shape)) · \(shapeString(b.shape))")
    }
    let batchCount = out.count / (m &* n)
    let pa = a2.dataPointer, pb = b2.dataPointer, po = out.dataPointer
    if batchCount == 1 {
        try interruptibleGemm(m, n, k, pa, la, pb, lb, po, accumulate: false, op: op)
        return out
    }
    let (offsetsA, offsetsB) = batchOffsets(a2, b2, Array(outShape.dropLast(2)))
    let item = { (t: Int) in
        gemm(m, n, k, pa + offsetsA[t], la, pb + offsetsB[t], lb, po + t &* m &* n, accumulate: false)
    }
    if Blas.splitsBatch(count: batchCount, itemWork: m &* n &* k) {
        runOnTwoThreads(batchCount, item)
    } else {
        for t in 0..<batchCount {
            try interruptibleGemm(m, n, k, pa + offsetsA[t], la, pb + offsetsB[t], lb, po + t &* m &* n, accumulate: false, op: op)
        }
    }
    return out
}

/// `shape` with its last size replaced: an array literal for the common ranks, which allocates
/// without asking the Swift runtime for the array's type (a copy-on-write of `shape` would).
private func replacingLast(_ shape: [Int], with last: Int) -> [Int] {
    switch shape.count {
    case 2: return [shape[0], last]
    case 3: return [shape[0], shape[1], last]
    case 4: return [shape[0], shape[1], shape[2], last]
    default:
        var s = shape
        s[s.count - 1] = last
        return s
    }
}

/// Element offsets of each batch item's matrix in `a` and `b` (rank ≥ 2, batch dimensions
/// broadcast to `batch`), in row-major order of the batch.
private func batchOffsets(_ a: Tensor, _ b: Tensor, _ batch: [Int]) -> ([Int], [Int]) {
    let ra = a.rank, rb = b.rank
    let sa = broadcastStrides(a.viewing(shape: Array(a.shape[..<(ra - 2)]), strides: Array(a.strides[..<(ra - 2)]), offset: 0), to: batch)
    let sb = broadcastStrides(b.viewing(shape: Array(b.shape[..<(rb - 2)]), strides: Array(b.strides[..<(rb - 2)]), offset: 0), to: batch)
    let count = batch.reduce(1, &*)
    var offsetsA = [Int](repeating: 0, count: count), offsetsB = offsetsA
    var index = [Int](repeating: 0, count: batch.count)
    var offA = 0, offB = 0
    for t in 0..<count {
        offsetsA[t] = offA
        offsetsB[t] = offB
        // Odometer over the batch dimensions, last fastest.
        var d = batch.count - 1
        while d >= 0 {
            index[d] &+= 1
            offA &+= sa[d]; offB &+= sb[d]
            if index[d] < batch[d] { break }
            offA &-= sa[d] &* batch[d]; offB &-= sb[d] &* batch[d]
            index[d] = 0
            d -= 1
        }
    }
    return (offsetsA, offsetsB)
}

/// torch.matmul: 1-D·1-D is a dot product; a 1-D operand is promoted to a matrix (and the
/// added dimension removed again); otherwise a batched product with broadcast batch dimensions.
public func matmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.rank >= 1 && b.rank >= 1 else {
        throw TensorError("matmul", "both arguments need at least 1 dimension, got \(shapeString(a.shape)) and \(shapeString(b.shape))")
    }
    let ka = a.shape[a.rank - 1], kb = b.shape[b.rank == 1 ? 0 : b.rank - 2]
    guard ka == kb else {
        throw TensorError("matmul", "shapes \(shapeString(a.shape)) and \(shapeString(b.shape)) cannot be multiplied (inner sizes \(ka) and \(kb) differ)")
    }
    switch (a.rank, b.rank) {
    case (1, 1): return try dot(a, b)
    case (1, _): return try squeeze(batchedProduct(unsqueeze(a, 0), b, op: "matmul"), -2)
    case (_, 1): return try squeeze(batchedProduct(a, unsqueeze(b, 1), op: "matmul"), -1)
    default: return try batchedProduct(a, b, op: "matmul")
    }
}

/// [M, K] · [K, N] → [M, N].
public func mm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.rank == 2 && b.rank == 2 else {
        throw TensorError("mm", "expects two matrices, got \(shapeString(a.shape)) and \(shapeString(b.shape))")
    }
    return try batchedProduct(a, b, op: "mm")
}

/// [B, M, K] · [B, K, N] → [B, M, N].
public func bmm(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.rank == 3 && b.rank == 3 else {
        throw TensorError("bmm", "expects two 3-D tensors, got \(shapeString(a.shape)) and \(shapeString(b.shape))")
    }
    guard a.shape[0] == b.shape[0] else {
        throw TensorError("bmm", "batch sizes differ: \(shapeString(a.shape)) and \(shapeString(b.shape)) (\(a.shape[0]) vs \(b.shape[0]))")
    }
    guard a.shape[2] == b.shape[1] else {
        throw TensorError("bmm", "batch \(a.shape[0]) of \(shapeString(a.shape)) cannot multiply \(shapeString(b.shape)) (inner sizes \(a.shape[2]) and \(b.shape[1]) differ)")
    }
    return try batchedProduct(a, b, op: "bmm")
}

/// Σ a[i]·b[i] of two 1-D tensors of one length, as a 0-D tensor.
public func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    guard a.rank == 1 && b.rank == 1 && a.count == b.count else {
        throw TensorError("dot", "expects two 1-D tensors of the same length, got \(shapeString(a.shape)) and \(shapeString(b.shape))")
    }
    let pa = a.dataPointer, pb = b.dataPointer
    let sa = a.strides[0], sb = b.strides[0]
    var acc: Double = 0
    for i in 0..<a.count { acc += Double(pa[i &* sa]) * Double(pb[i &* sb]) }
    let out = Tensor.scalar(Float(acc))
    guard mustRecord(a, b) else { return out }
    return Tensor.record(out, "dot", [a, b]) { g in
        [a.requiresGrad ? try mul(b, g) : nil, b.requiresGrad ? try mul(a, g) : nil]
    }
}

extension Tensor {
    public func matmul(_ other: Tensor) throws -> Tensor { try TensorRuntime.matmul(self, other) }
    public func mm(_ other: Tensor) throws -> Tensor { try TensorRuntime.mm(self, other) }
    public func bmm(_ other: Tensor) throws -> Tensor { try TensorRuntime.bmm(self, other) }
    public func dot(_ other: Tensor) throws -> Tensor { try TensorRuntime.dot(self, other) }
}
