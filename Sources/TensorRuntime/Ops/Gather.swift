// gather, masked_select and nonzero: ops that pick elements by position or by mask.

/// `out[i][j][k] = x[i][index[i][j][k]][k]` for dim = 1 (likewise for any dim), as
/// `torch.gather`. index has x's rank and, off `dim`, sizes no larger than x's; the result has
/// index's shape. The gradient adds each output's gradient back at the position it came from.
public func gather(_ x: Tensor, dim: Int, index: Tensor) throws -> Tensor {
    let op = "gather"
    let d = try normalizeDim(dim, rank: x.rank, op: op)
    guard index.rank == x.rank else {
        throw TensorError(op, "index must have the same number of dimensions as the input: index \(shapeString(index.shape)), input \(shapeString(x.shape))")
    }
    for k in 0..<x.rank where k != d && index.shape[k] > x.shape[k] {
        throw TensorError(op, "index \(shapeString(index.shape)) is larger than input \(shapeString(x.shape)) in dimension \(k)")
    }
    let size = x.rank == 0 ? 1 : x.shape[d]
    let positions = try wholeIndices(index, bound: size, op: op, what: "dimension \(d) with size \(size)")
    // Element offsets into a tensor laid out with `strides`, where dimension d takes the index.
    func offsets(_ strides: [Int]) -> [Int] {
        var along = strides
        if !along.isEmpty { along[d] = 0 }
        var result = rowMajorOffsets(index.shape, strides: along)
        let step = strides.isEmpty ? 0 : strides[d]
        for i in result.indices { result[i] &+= positions[i] &* step }
        return result
    }
    let out = try Tensor.uninitialized(index.shape, dtype: x.dtype, op: op)
    copyElements(of: x, at: offsets(x.strides), into: out)
    guard mustRecord(x) else { return out }
    let xShape = x.shape
    return Tensor.record(out, op, [x]) { g in
        let gx = try Tensor.filled(xShape, 0, op: op)
        let gc = try g.contiguousData()
        let pg = gc.dataPointer, px = gx.dataPointer
        for (i, at) in offsets(gx.strides).enumerated() { px[at] += pg[i] }
        withExtendedLifetime(gc) {}
        return [gx]
    }
}

/// The elements of `x` where `mask` (broadcast together with x) is true or nonzero, in
/// row-major order, as `torch.masked_select`: a 1-D tensor.
public func maskedSelect(_ x: Tensor, _ mask: Tensor) throws -> Tensor {
    let op = "masked_select"
    let shape = try broadcastShapes(x.shape, mask.shape, op: op)
    let flags = try maskFlags(mask, shape: shape, op: op)
    let xOffsets = rowMajorOffsets(shape, strides: broadcastStrides(x, to: shape))
    var picked: [Int] = []
    for (i, on) in flags.enumerated() where on { picked.append(i) }
    let out = try Tensor.uninitialized([picked.count], dtype: x.dtype, op: op)
    copyElements(of: x, at: picked.map { xOffsets[$0] }, into: out)
    guard mustRecord(x) else { return out }
    let xShape = x.shape
    return Tensor.record(out, op, [x]) { g in
        let full = try Tensor.filled(shape, 0, op: op)
        let gc = try g.contiguousData()
        let pf = full.dataPointer, pg = gc.dataPointer
        for (k, i) in picked.enumerated() { pf[i] = pg[k] }
        withExtendedLifetime(gc) {}
        return [try reduceBroadcastGrad(full, to: xShape)]
    }
}

/// The positions of the nonzero elements of `x`, one row per element in row-major order, as
/// `torch.nonzero`: int64 [count, rank].
public func nonzero(_ x: Tensor) throws -> Tensor {
    guard x.rank > 0 else { return try positionTensor([], shape: [try x.itemValue() != 0 ? 1 : 0, 0]) }
    let coordinates = try nonzeroPositions(x)
    return try positionTensor(coordinates, shape: [coordinates.count / x.rank, x.rank])
}

/// Copies the elements of `x` at element offsets `offsets` (from x's first element) into the
/// contiguous `out` of x's dtype, in order.
func copyElements(of x: Tensor, at offsets: [Int], into out: Tensor) {
    if x.dtype == .int64 {
        let src = x.int64Pointer, dst = out.int64Pointer
        for (i, at) in offsets.enumerated() { dst[i] = src[at] }
    } else {
        let src = x.dataPointer, dst = out.dataPointer
        for (i, at) in offsets.enumerated() { dst[i] = src[at] }
    }
}

/// Whether each element of `mask`, broadcast to `shape`, is set (true, or nonzero).
func maskFlags(_ mask: Tensor, shape: [Int], op: String) throws -> [Bool] {
    let view = mask.viewing(shape: shape, strides: broadcastStrides(mask, to: shape), offset: mask.offset)
    return view.toArray().map { $0 != 0 }
}

/// Offsets (from element [0, 0, …]) of every element of a tensor of `shape` laid out with
/// `strides`, in row-major order.
func rowMajorOffsets(_ shape: [Int], strides: [Int]) -> [Int] {
    let count = shape.reduce(1, &*)
    var result = [Int](repeating: 0, count: count)
    guard count > 0, !shape.isEmpty else { return result }
    var coordinate = [Int](repeating: 0, count: shape.count)
    var at = 0
    for i in 0..<count {
        result[i] = at
        var k = shape.count - 1
        while k >= 0 {
            coordinate[k] += 1
            at &+= strides[k]
            if coordinate[k] < shape[k] { break }
            at &-= strides[k] &* shape[k]
            coordinate[k] = 0
            k -= 1
        }
    }
    return result
}

/// An int64 tensor of positions (indices), as PyTorch's results of nonzero and friends.
func positionTensor(_ values: [Int], shape: [Int]) throws -> Tensor {
    try Tensor.int64(shape: shape, data: values.map { Int64($0) }, op: "index")
}

extension Tensor {
    public func gather(dim: Int, index: Tensor) throws -> Tensor { try TensorRuntime.gather(self, dim: dim, index: index) }
    public func maskedSelect(_ mask: Tensor) throws -> Tensor { try TensorRuntime.maskedSelect(self, mask) }
    public func nonzero() throws -> Tensor { try TensorRuntime.nonzero(self) }
}
