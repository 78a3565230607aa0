// Reductions: sum, mean, max/min (overall and along a dimension), argmax.

/// A tensor seen as [outer, n, inner] around dimension `d`, on contiguous data: element
/// (o, k, i) sits at o*n*inner + k*inner + i. The layout every single-dimension kernel uses.
struct DimSplit {
    let data: Tensor
    let outer: Int, n: Int, inner: Int

    init(_ x: Tensor, dim d: Int) throws {
        data = try x.contiguousData()
        if x.rank == 0 {
            (outer, n, inner) = (1, 1, 1)
        } else {
            outer = x.shape[..<d].reduce(1, &*)
            n = x.shape[d]
            inner = x.shape[(d + 1)...].reduce(1, &*)
        }
    }
}

/// x's shape with dimension d reduced: kept as 1 or removed.
func reducedShape(_ shape: [Int], _ d: Int, keepdim: Bool) -> [Int] {
    guard !shape.isEmpty else { return [] }
    var s = shape
    if keepdim { s[d] = 1 } else { s.remove(at: d) }
    return s
}

/// Sum of all elements in double precision (PyTorch sums float32 pairwise; this is at least as exact).
func sumAll(_ x: Tensor) throws -> Double {
    let src = try x.contiguousData()
    let p = src.dataPointer
    var acc: Double = 0
    for i in 0..<src.count { acc += Double(p[i]) }
    return acc
}

/// Sum of all elements, as a 0-D tensor.
public func sum(_ x: Tensor) throws -> Tensor {
    if x.dtype != .float32 { return try integerSum(x, dims: [], keepdim: false) }
    let out = Tensor.scalar(Float(try sumAll(x)))
    guard mustRecord(x) else { return out }
    let shape = x.shape
    return Tensor.record(out, "sum", [x]) { g in [try expand(g, shape)] }
}

/// Sum over `dims` (an empty list means all dimensions, as PyTorch); `keepdim` keeps them as size 1.
public func sum(_ x: Tensor, dims: [Int], keepdim: Bool = false) throws -> Tensor {
    if x.dtype != .float32 { return try integerSum(x, dims: dims, keepdim: keepdim) }
    return try sumOverDims(x, dims: dims, keepdim: keepdim, op: "sum")
}

func sumOverDims(_ x: Tensor, dims: [Int], keepdim: Bool, op: String, scale: Float = 1) throws -> Tensor {
    var reduce = [Bool](repeating: dims.isEmpty, count: x.rank)
    for dim in dims {
        let d = try normalizeDim(dim, rank: x.rank, op: op)
        if x.rank > 0 {
            guard !reduce[d] else { throw TensorError(op, "dimension \(d) appears more than once in \(shapeString(dims))") }
            reduce[d] = true
        }
    }
    var keepShape = x.shape
    var outShape: [Int] = []
    outShape.reserveCapacity(x.rank)
    for d in 0..<x.rank {
        if reduce[d] {
            keepShape[d] = 1
            if keepdim { outShape.append(1) }
        } else {
            outShape.append(x.shape[d])
        }
    }
    // With or without the kept 1s, the result's elements sit as in a contiguous keepShape tensor.
    let result = try Tensor.uninitialized(outShape, op: op)
    let po = result.dataPointer
    if x.count == 0 {
        // Empty input: the sums are all 0. Skipping the loops matters: [2^40, 0] has no
        // elements but 2^40 rows the loops below would walk.
        result.dataPointer.update(repeating: 0, count: result.count)
    } else if dims.count == 1 && x.rank > 0 && x.isContiguous, let d = reduce.firstIndex(of: true) {
        // One dimension of a contiguous tensor: [outer, n, inner] row sums, no index math.
        let split = try DimSplit(x, dim: d)
        let (outer, n, inner) = (split.outer, split.n, split.inner)
        let p = x.dataPointer
        if inner == 1 {
            for o in 0..<outer {
                let row = p + o &* n
                var acc: Float = 0
                for k in 0..<n { acc += row[k] }
                po[o] = acc * scale
            }
        } else {
            po.update(repeating: 0, count: outer &* inner)
            for o in 0..<outer {
                for k in 0..<n {
                    let src = p + (o &* n &+ k) &* inner, dst = po + o &* inner
                    for i in 0..<inner { dst[i] += src[i] }
                }
            }
            if scale != 1 { for i in 0..<(outer &* inner) { po[i] *= scale } }
        }
    } else {
        let count = result.count
        po.update(repeating: 0, count: count)
        if x.count > 0 {
            var target = contiguousStrides(keepShape)
            for d in 0..<x.rank where reduce[d] { target[d] = 0 }
            stridedAccumulate(x, into: po, targetStrides: target)
        }
        if scale != 1 { for i in 0..<count { po[i] *= scale } }
    }
    guard mustRecord(x) else { return result }
    let shape = x.shape
    return Tensor.record(result, op, [x]) { g in
        let gs = scale == 1 ? g : try mul(g, scale)
        return [try expand(reshape(gs, keepShape), shape)]
    }
}

/// Mean of all elements (nan for an empty tensor, as PyTorch).
public func mean(_ x: Tensor) throws -> Tensor {
    let n = x.count
    let out = Tensor.scalar(n == 0 ? .nan : Float(try sumAll(x) / Double(n)))
    guard mustRecord(x) else { return out }
    let shape = x.shape
    return Tensor.record(out, "mean", [x]) { g in [try expand(mul(g, 1 / Float(n)), shape)] }
}

/// Mean over `dims` (empty = all), optionally keeping them as size 1.
public func mean(_ x: Tensor, dims: [Int], keepdim: Bool = false) throws -> Tensor {
    var reduce = Set<Int>()
    for dim in dims { reduce.insert(try normalizeDim(dim, rank: x.rank, op: "mean")) }
    let count = dims.isEmpty ? x.count : reduce.filter { $0 < x.rank }.reduce(1) { $0 &* x.shape[$1] }
    return try sumOverDims(x, dims: dims, keepdim: keepdim, op: "mean", scale: count == 0 ? .nan : 1 / Float(count))
}

/// Index of the largest (or smallest) of n values at p[0], p[stride], ...; the first nan wins,
/// as nan propagates in PyTorch; ties go to the first occurrence.
@inline(__always)
func extremeIndex(_ p: UnsafeMutablePointer<Float>, n: Int, stride: Int, largest: Bool) -> Int {
    var best = 0
    var bestValue = p[0]
    if bestValue.isNaN { return 0 }
    for k in 1..<Swift.max(n, 1) {
        let v = p[k &* stride]
        if v.isNaN { return k }
        if largest ? v > bestValue : v < bestValue { best = k; bestValue = v }
    }
    return best
}

/// Largest element (0-D). Its gradient is shared evenly among tied maxima, as PyTorch.
public func max(_ x: Tensor) throws -> Tensor {
    x.dtype == .float32 ? try extreme(x, largest: true, op: "max") : try extreme(x.promotedToFloat(), largest: true, op: "max").to(x.dtype)
}

/// Smallest element (0-D).
public func min(_ x: Tensor) throws -> Tensor {
    x.dtype == .float32 ? try extreme(x, largest: false, op: "min") : try extreme(x.promotedToFloat(), largest: false, op: "min").to(x.dtype)
}

func extreme(_ x: Tensor, largest: Bool, op: String) throws -> Tensor {
    guard x.count > 0 else {
        throw TensorError(op, "cannot reduce an empty tensor of shape \(shapeString(x.shape)) (specify a dimension)")
    }
    let src = try x.contiguousData()
    let value = src.dataPointer[extremeIndex(src.dataPointer, n: src.count, stride: 1, largest: largest)]
    let out = Tensor.scalar(value)
    guard mustRecord(x) else { return out }
    return Tensor.record(out, op, [x]) { g in
        let mask = try eq(src, value)
        let ties = mask.toArray().reduce(0, +)
        let share = try g.item() / Swift.max(ties, 1)
        return [try mul(mask, share)]
    }
}

/// Largest values along `dim` and their positions (float32 whole numbers).
/// x: [A, n, B] → values, indices: [A, B] (or [A, 1, B] with keepdim).
public func max(_ x: Tensor, dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
    try extreme(x, dim: dim, keepdim: keepdim, largest: true, op: "max")
}

/// Smallest values along `dim` and their positions.
public func min(_ x: Tensor, dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
    try extreme(x, dim: dim, keepdim: keepdim, largest: false, op: "min")
}

func extreme(_ x: Tensor, dim: Int, keepdim: Bool, largest: Bool, op: String) throws -> (values: Tensor, indices: Tensor) {
    let d = try normalizeDim(dim, rank: x.rank, op: op)
    let split = try DimSplit(x.promotedToFloat(), dim: d)
    guard split.n > 0 else {
        throw TensorError(op, "cannot reduce dimension \(d) of size 0 (shape \(shapeString(x.shape)))")
    }
    let shape = reducedShape(x.shape, d, keepdim: keepdim)
    let values = try Tensor.uninitialized(shape, op: op)
    let indices = try Tensor.uninitialized(shape, op: op)
    let p = split.data.dataPointer, pv = values.dataPointer, pi = indices.dataPointer
    let (outer, n, inner) = (split.outer, split.n, split.inner)
    for o in 0..<outer {
        for i in 0..<inner {
            let base = p + (o &* n &* inner &+ i)
            let k = extremeIndex(base, n: n, stride: inner, largest: largest)
            pv[o &* inner &+ i] = base[k &* inner]
            pi[o &* inner &+ i] = Float(k)
        }
    }
    guard mustRecord(x) else { return (try values.to(x.dtype), try indices.long()) }
    let xShape = x.shape
    let recorded = Tensor.record(values, op, [x]) { g in
        [try scatterAlongDim(g, indices: indices, dim: d, into: xShape, k: 1)]
    }
    return (recorded, try indices.long())
}

/// A zero tensor of `shape` with `grad` (shape `shape` but with k (or, without keepdim, no)
/// entries along `dim`) added at the positions `indices` names along `dim`. The backward of
/// max/min/topk along a dimension.
func scatterAlongDim(_ grad: Tensor, indices: Tensor, dim d: Int, into shape: [Int], k: Int) throws -> Tensor {
    let out = try Tensor.filled(shape, 0, op: "backward")
    let g = try grad.contiguousData()
    let outer = shape.isEmpty ? 1 : shape[..<d].reduce(1, &*)
    let n = shape.isEmpty ? 1 : shape[d]
    let inner = shape.isEmpty ? 1 : shape[(d + 1)...].reduce(1, &*)
    let po = out.dataPointer, pg = g.dataPointer, pi = try indices.contiguousData().dataPointer
    for o in 0..<outer {
        for j in 0..<k {
            for i in 0..<inner {
                let at = o &* k &* inner &+ j &* inner &+ i
                let pos = Int(pi[at])
                po[o &* n &* inner &+ pos &* inner &+ i] += pg[at]
            }
        }
    }
    return out
}

/// Position of the largest element: along `dim`, or in the flattened tensor when dim is nil.
public func argmax(_ x: Tensor, dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
    if let dim {
        return try GradMode.withoutGrad { try extreme(x, dim: dim, keepdim: keepdim, largest: true, op: "argmax").indices }
    }
    guard x.count > 0 else { throw TensorError("argmax", "cannot take the argmax of an empty tensor") }
    let src = try x.promotedToFloat().contiguousData()
    let k = extremeIndex(src.dataPointer, n: src.count, stride: 1, largest: true)
    let out = try Tensor.int64(shape: [], data: [Int64(k)], op: "argmax")
    return keepdim ? out.viewing(shape: x.shape.map { _ in 1 }, strides: x.shape.map { _ in 1 }, offset: 0) : out
}

extension Tensor {
    public func sum() throws -> Tensor { try TensorRuntime.sum(self) }
    public func sum(dims: [Int], keepdim: Bool = false) throws -> Tensor { try TensorRuntime.sum(self, dims: dims, keepdim: keepdim) }
    public func mean() throws -> Tensor { try TensorRuntime.mean(self) }
    public func mean(dims: [Int], keepdim: Bool = false) throws -> Tensor { try TensorRuntime.mean(self, dims: dims, keepdim: keepdim) }
    public func max() throws -> Tensor { try TensorRuntime.max(self) }
    public func min() throws -> Tensor { try TensorRuntime.min(self) }
    public func max(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try TensorRuntime.max(self, dim: dim, keepdim: keepdim)
    }
    public func min(dim: Int, keepdim: Bool = false) throws -> (values: Tensor, indices: Tensor) {
        try TensorRuntime.min(self, dim: dim, keepdim: keepdim)
    }
    public func argmax(dim: Int? = nil, keepdim: Bool = false) throws -> Tensor {
        try TensorRuntime.argmax(self, dim: dim, keepdim: keepdim)
    }
}
