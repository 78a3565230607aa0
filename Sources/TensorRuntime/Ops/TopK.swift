// topk: the k largest (or smallest) entries along a dimension, sorted, with their positions.

/// The k largest (largest: true) or smallest entries along `dim`, sorted best first as
/// PyTorch's topk(sorted=True); nan counts as largest; ties keep the earlier position first.
/// x: [A, n, B] → values, indices: [A, k, B].
public func topk(_ x: Tensor, k: Int, dim: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
    let d = try normalizeDim(dim, rank: x.rank, op: "topk")
    let split = try DimSplit(x.promotedToFloat(), dim: d)
    guard k >= 0 && k <= split.n else {
        throw TensorError("topk", "k (\(k)) is out of range for dimension \(d) of size \(split.n) (shape \(shapeString(x.shape)))")
    }
    var shape = x.shape
    if !shape.isEmpty { shape[d] = k }
    let values = try Tensor.uninitialized(shape, op: "topk")
    let indices = try Tensor.uninitialized(shape, op: "topk")
    let (n, s) = (split.n, split.inner)
    let pv = values.dataPointer, pi = indices.dataPointer
    var order = [Int](repeating: 0, count: n)
    // nan first when largest (as PyTorch treats nan as the greatest value), last otherwise.
    func before(_ a: Float, _ b: Float) -> Bool {
        if largest { return a.isNaN ? !b.isNaN : (!b.isNaN && a > b) }
        return b.isNaN ? !a.isNaN : (!a.isNaN && a < b)
    }
    if k > 0 {
        forEachRow(split.outer, n, s, split.data.dataPointer) { row, at in
            for j in 0..<n { order[j] = j }
            // Stable, so equal values keep their original order.
            order.sort { a, b in
                let va = row[a &* s], vb = row[b &* s]
                if before(va, vb) { return true }
                if before(vb, va) { return false }
                return a < b
            }
            let outAt = (at / (n &* s)) &* k &* s &+ at % s
            for j in 0..<k {
                pv[outAt &+ j &* s] = row[order[j] &* s]
                pi[outAt &+ j &* s] = Float(order[j])
            }
        }
    }
    guard mustRecord(x) else { return (try values.to(x.dtype), try indices.long()) }
    let xShape = x.shape
    let recorded = Tensor.record(values, "topk", [x]) { g in
        [try scatterAlongDim(g, indices: indices, dim: d, into: xShape, k: k)]
    }
    return (recorded, try indices.long())
}

extension Tensor {
    public func topk(k: Int, dim: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        try TensorRuntime.topk(self, k: k, dim: dim, largest: largest)
    }
}
