// Sums of int64 and bool tensors: int64 results, exact (wrapping on overflow), as PyTorch's.

/// Sum over `dims` (empty: all) of an int64 or bool tensor, as int64.
func integerSum(_ x: Tensor, dims: [Int], keepdim: Bool) throws -> Tensor {
    var reduce = [Bool](repeating: dims.isEmpty, count: x.rank)
    for dim in dims {
        let d = try normalizeDim(dim, rank: x.rank, op: "sum")
        if x.rank > 0 {
            guard !reduce[d] else { throw TensorError("sum", "dimension \(d) appears more than once in \(shapeString(dims))") }
            reduce[d] = true
        }
    }
    // Kept dimensions first, reduced ones last: each output element sums one contiguous run.
    let kept = (0..<x.rank).filter { !reduce[$0] }, gone = (0..<x.rank).filter { reduce[$0] }
    let values = try x.permute(kept + gone).int64Values()
    let outCount = kept.reduce(1) { $0 &* x.shape[$1] }
    let run = gone.reduce(1) { $0 &* x.shape[$1] }
    var sums = [Int64](repeating: 0, count: outCount)
    if run > 0 {
        for o in 0..<outCount {
            var acc: Int64 = 0
            for v in values[(o &* run)..<(o &* run &+ run)] { acc = acc &+ v }
            sums[o] = acc
        }
    }
    let shape = keepdim ? x.shape.enumerated().map { reduce[$0.offset] ? 1 : $0.element } : kept.map { x.shape[$0] }
    return try Tensor.int64(shape: shape, data: sums, op: "sum")
}
