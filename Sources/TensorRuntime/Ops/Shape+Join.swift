// cat and stack: join tensors along a dimension into a fresh contiguous tensor.

/// The tensors joined along `dim`; all sizes except `dim` must agree. xs: [A, n_i, B] → [A, Σn_i, B].
public func cat(_ tensors: [Tensor], dim: Int = 0) throws -> Tensor {
    guard let first = tensors.first else { throw TensorError("cat", "expects a non-empty list of tensors") }
    guard first.rank > 0 else { throw TensorError("cat", "zero-dimensional tensor (at position 0) cannot be concatenated") }
    let d = try normalizeDim(dim, rank: first.rank, op: "cat")
    var xs = tensors
    if xs.contains(where: { $0.dtype != .float32 }) {
        // Promote to the widest dtype; int64 and bool are joined by the float32 copies.
        let dtype = xs.map(\.dtype).max() ?? .float32
        xs = try xs.map { try $0.to(dtype) }
        switch dtype {
        case .float32: break
        case .bool: return try cat(xs.map { $0.retagged(.float32) }, dim: d).retagged(.bool)
        case .int64: return try cat(xs.map { $0.int64AsFloatPairs() }, dim: d).floatPairsAsInt64()
        }
    }
    var total = 0
    for (i, x) in xs.enumerated() {
        guard x.rank == first.rank else {
            throw TensorError("cat", "tensors must have the same rank: \(shapeString(first.shape)) at position 0, \(shapeString(x.shape)) at position \(i)")
        }
        for k in 0..<x.rank where k != d && x.shape[k] != first.shape[k] {
            throw TensorError("cat", "sizes must match except in dimension \(d): \(shapeString(first.shape)) at position 0, \(shapeString(x.shape)) at position \(i) (dimension \(k))")
        }
        total += x.shape[d]
    }
    var shape = first.shape
    shape[d] = total
    let out = try Tensor.uninitialized(shape, op: "cat")
    // Each input fills a slab of the output: a strided view with the input's extent along d.
    let outStrides = out.strides
    var start = 0
    for x in xs {
        if x.count > 0 {
            let slab = out.viewing(shape: x.shape, strides: outStrides, offset: start &* outStrides[d])
            stridedCopy(from: x, into: slab)
        }
        start += x.shape[d]
    }
    guard GradMode.isEnabled && xs.contains(where: { $0.requiresGrad }) else { return out }
    let sizes = xs.map { $0.shape[d] }
    return Tensor.record(out, "cat", xs) { g in
        var grads: [Tensor?] = []
        var begin = 0
        for (x, size) in zip(xs, sizes) {
            grads.append(x.requiresGrad ? try narrow(g, dim: d, start: begin, length: size) : nil)
            begin += size
        }
        return grads
    }
}

/// The tensors (all one shape S) stacked along a new dimension `dim`: [n, S...] for dim 0.
public func stack(_ xs: [Tensor], dim: Int = 0) throws -> Tensor {
    guard let first = xs.first else { throw TensorError("stack", "expects a non-empty list of tensors") }
    for (i, x) in xs.enumerated() where x.shape != first.shape {
        throw TensorError("stack", "expects each tensor to be equal size, but got \(shapeString(first.shape)) at position 0 and \(shapeString(x.shape)) at position \(i)")
    }
    let d = try normalizeDim(dim, rank: first.rank + 1, op: "stack")
    return try cat(xs.map { try unsqueeze($0, d) }, dim: d)
}

/// The view of `x` with indices start..<start+length along `dim` (PyTorch's narrow).
public func narrow(_ x: Tensor, dim: Int, start: Int, length: Int) throws -> Tensor {
    let d = try normalizeDim(dim, rank: x.rank, op: "narrow")
    guard start >= 0, length >= 0, start <= x.shape[d] - length else {
        throw TensorError("narrow", "start \(start) with length \(length) is out of bounds for dimension \(d) of size \(x.shape[d])")
    }
    return try x.index(Array(repeating: .slice(start: nil, end: nil, step: nil), count: d)
                       + [.slice(start: start, end: start + length, step: 1)])
}
