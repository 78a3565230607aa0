// Shape ops. Where PyTorch returns a view, so do these: the result shares storage and only
// shape, strides and offset differ. Each records how to send its gradient back to the base.

/// Resolves one -1 in `shape` so that it holds `count` elements.
func inferShape(_ shape: [Int], count: Int, from original: [Int], op: String) throws -> [Int] {
    var known = 1
    var inferred: Int? = nil
    for (d, size) in shape.enumerated() {
        if size == -1 {
            guard inferred == nil else { throw TensorError(op, "only one dimension can be -1, got \(shapeString(shape))") }
            inferred = d
        } else if size < 0 {
            throw TensorError(op, "invalid size \(size) in shape \(shapeString(shape))")
        } else {
            let (p, overflow) = known.multipliedReportingOverflow(by: size)
            guard !overflow else { throw TensorError(op, "shape \(shapeString(shape)) is invalid for input of size \(count)") }
            known = p
        }
    }
    var result = shape
    if let d = inferred {
        guard known != 0 && count % known == 0 else {
            throw TensorError(op, "shape \(shapeString(shape)) is invalid for input of shape \(shapeString(original)) (\(count) elements)")
        }
        result[d] = count / known
    } else if known != count {
        throw TensorError(op, "shape \(shapeString(shape)) is invalid for input of shape \(shapeString(original)) (\(count) elements)")
    }
    return result
}

/// Strides that read `shape` out of a tensor laid out as (oldShape, oldStrides) without
/// copying, or nil when some new dimension would span non-uniformly strided memory
/// (PyTorch's computeStride).
func viewStrides(_ oldShape: [Int], _ oldStrides: [Int], _ shape: [Int]) -> [Int]? {
    let count = oldShape.reduce(1, &*)
    if count == 0 || oldShape.isEmpty { return contiguousStrides(shape) }
    var newStrides = [Int](repeating: 1, count: shape.count)
    var viewD = shape.count - 1
    var chunkBase = oldStrides[oldStrides.count - 1]
    var tensorCount = 1, viewCount = 1
    for tensorD in stride(from: oldShape.count - 1, through: 0, by: -1) {
        tensorCount &*= oldShape[tensorD]
        if tensorD == 0 || (oldShape[tensorD - 1] != 1 && oldStrides[tensorD - 1] != tensorCount &* chunkBase) {
            while viewD >= 0 && (viewCount < tensorCount || shape[viewD] == 1) {
                newStrides[viewD] = viewCount &* chunkBase
                viewCount &*= shape[viewD]
                viewD -= 1
            }
            if viewCount != tensorCount { return nil }
            if tensorD > 0 {
                chunkBase = oldStrides[tensorD - 1]
                tensorCount = 1
                viewCount = 1
            }
        }
    }
    return viewD == -1 ? newStrides : nil
}

/// `x` read with another shape, as a view (PyTorch's `view`). One size may be -1.
public func view(_ x: Tensor, _ shape: [Int]) throws -> Tensor {
    let target = try inferShape(shape, count: x.count, from: x.shape, op: "view")
    guard let strides = viewStrides(x.shape, x.strides, target) else {
        throw TensorError("view", "view size \(shapeString(target)) is not compatible with the input's shape \(shapeString(x.shape)) and strides \(shapeString(x.strides)) (a dimension spans two non-contiguous parts); use reshape, or contiguous() first")
    }
    return recordView(x, x.viewing(shape: target, strides: strides, offset: x.offset), "view")
}

/// Like `view`, but copies when no view can express the new shape.
public func reshape(_ x: Tensor, _ shape: [Int]) throws -> Tensor {
    let target = try inferShape(shape, count: x.count, from: x.shape, op: "reshape")
    if let strides = viewStrides(x.shape, x.strides, target) {
        return recordView(x, x.viewing(shape: target, strides: strides, offset: x.offset), "reshape")
    }
    return try view(contiguous(x), target)
}

/// Records a view whose elements are exactly `x`'s, rearranged: its gradient is reshaped back.
@inline(__always)
func recordView(_ x: Tensor, _ out: Tensor, _ name: String) -> Tensor {
    guard mustRecord(x) else { return out }
    let shape = x.shape
    return Tensor.record(out, name, [x]) { g in [try reshape(g, shape)] }
}

/// `x` with a size-1 dimension inserted at `dim` (in -rank-1...rank).
public func unsqueeze(_ x: Tensor, _ dim: Int) throws -> Tensor {
    let d = try normalizeDim(dim, rank: x.rank + 1, op: "unsqueeze")
    var shape = x.shape, strides = x.strides
    shape.insert(1, at: d)
    strides.insert(d < x.rank ? x.shape[d] &* x.strides[d] : 1, at: d)
    return recordView(x, x.viewing(shape: shape, strides: strides, offset: x.offset), "unsqueeze")
}

/// `x` without its size-1 dimensions.
public func squeeze(_ x: Tensor) throws -> Tensor {
    var shape: [Int] = [], strides: [Int] = []
    for d in 0..<x.rank where x.shape[d] != 1 {
        shape.append(x.shape[d])
        strides.append(x.strides[d])
    }
    return recordView(x, x.viewing(shape: shape, strides: strides, offset: x.offset), "squeeze")
}

/// `x` without dimension `dim` if its size is 1; otherwise `x` unchanged (as PyTorch).
public func squeeze(_ x: Tensor, _ dim: Int) throws -> Tensor {
    let d = try normalizeDim(dim, rank: x.rank, op: "squeeze")
    guard x.rank > 0 && x.shape[d] == 1 else { return x }
    var shape = x.shape, strides = x.strides
    shape.remove(at: d)
    strides.remove(at: d)
    return recordView(x, x.viewing(shape: shape, strides: strides, offset: x.offset), "squeeze")
}

/// `x` with dimensions `dim0` and `dim1` swapped (a view).
public func transpose(_ x: Tensor, _ dim0: Int, _ dim1: Int) throws -> Tensor {
    let a = try normalizeDim(dim0, rank: x.rank, op: "transpose")
    let b = try normalizeDim(dim1, rank: x.rank, op: "transpose")
    if x.rank == 0 || a == b { return recordView(x, x.viewing(shape: x.shape, strides: x.strides, offset: x.offset), "transpose") }
    var shape = x.shape, strides = x.strides
    shape.swapAt(a, b)
    strides.swapAt(a, b)
    let out = x.viewing(shape: shape, strides: strides, offset: x.offset)
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "transpose", [x]) { g in [try transpose(g, a, b)] }
}

/// `x` with its dimensions reordered: result dimension i is x's dimension dims[i] (a view).
public func permute(_ x: Tensor, _ dims: [Int]) throws -> Tensor {
    guard dims.count == x.rank else {
        throw TensorError("permute", "\(dims.count) dimensions \(shapeString(dims)) given for a tensor of rank \(x.rank)")
    }
    var seen = [Bool](repeating: false, count: x.rank)
    var order: [Int] = []
    for dim in dims {
        let d = try normalizeDim(dim, rank: x.rank, op: "permute")
        guard !seen[d] else { throw TensorError("permute", "dimension \(dim) repeats in \(shapeString(dims))") }
        seen[d] = true
        order.append(d)
    }
    let out = x.viewing(shape: order.map { x.shape[$0] }, strides: order.map { x.strides[$0] }, offset: x.offset)
    guard mustRecord(x) else { return out }
    var inverse = [Int](repeating: 0, count: order.count)
    for (i, d) in order.enumerated() { inverse[d] = i }
    return Tensor.record(out, "permute", [x]) { g in [try permute(g, inverse)] }
}

/// Transpose of a matrix; 0-D and 1-D tensors come back as they are.
public func t(_ x: Tensor) throws -> Tensor {
    guard x.rank <= 2 else {
        throw TensorError("t", "expects a tensor with at most 2 dimensions, got shape \(shapeString(x.shape)); use transpose(d0, d1)")
    }
    return x.rank < 2 ? x : try transpose(x, 0, 1)
}

/// `x` repeated along its size-1 dimensions (and new leading ones) to `shape`, without copying
/// (stride 0). -1 keeps a size.
public func expand(_ x: Tensor, _ shape: [Int]) throws -> Tensor {
    guard shape.count >= x.rank else {
        throw TensorError("expand", "the number of sizes in \(shapeString(shape)) must be at least the rank of \(shapeString(x.shape))")
    }
    let lead = shape.count - x.rank
    var target = shape
    var strides = [Int](repeating: 0, count: shape.count)
    for d in 0..<shape.count {
        if d < lead {
            guard shape[d] >= 0 else {
                throw TensorError("expand", "size \(shape[d]) is not allowed in a new leading dimension (shape \(shapeString(shape)))")
            }
            continue
        }
        let size = x.shape[d - lead]
        if shape[d] == -1 || shape[d] == size {
            target[d] = size
            strides[d] = x.strides[d - lead]
        } else if size == 1 && shape[d] >= 0 {
            strides[d] = 0
        } else {
            throw TensorError("expand", "cannot expand \(shapeString(x.shape)) to \(shapeString(shape)): size \(size) at dimension \(d - lead) must match \(shape[d]) or be 1")
        }
    }
    _ = try Limits.checkedCount(target, op: "expand")
    let out = x.viewing(shape: target, strides: strides, offset: x.offset)
    guard mustRecord(x) else { return out }
    let original = x.shape
    return Tensor.record(out, "expand", [x]) { g in [try reduceBroadcastGrad(g, to: original)] }
}

/// Dimensions startDim...endDim merged into one (a view when possible, as reshape).
public func flatten(_ x: Tensor, startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
    if x.rank == 0 { return try reshape(x, [1]) }
    let s = try normalizeDim(startDim, rank: x.rank, op: "flatten")
    let e = try normalizeDim(endDim, rank: x.rank, op: "flatten")
    guard s <= e else { throw TensorError("flatten", "startDim \(startDim) comes after endDim \(endDim)") }
    if s == e { return x }
    let merged = x.shape[s...e].reduce(1, &*)
    return try reshape(x, Array(x.shape[..<s]) + [merged] + Array(x.shape[(e + 1)...]))
}

/// `x` itself when already contiguous, else a contiguous copy that stays in the graph.
public func contiguous(_ x: Tensor) throws -> Tensor {
    if x.isContiguous { return x }
    let out = try x.clonedContiguous(op: "contiguous")
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "contiguous", [x]) { g in [g] }
}

extension Tensor {
    public func view(_ shape: [Int]) throws -> Tensor { try TensorRuntime.view(self, shape) }
    public func reshape(_ shape: [Int]) throws -> Tensor { try TensorRuntime.reshape(self, shape) }
    public func unsqueeze(_ dim: Int) throws -> Tensor { try TensorRuntime.unsqueeze(self, dim) }
    public func squeeze() throws -> Tensor { try TensorRuntime.squeeze(self) }
    public func squeeze(_ dim: Int) throws -> Tensor { try TensorRuntime.squeeze(self, dim) }
    public func transpose(_ dim0: Int, _ dim1: Int) throws -> Tensor { try TensorRuntime.transpose(self, dim0, dim1) }
    public func permute(_ dims: [Int]) throws -> Tensor { try TensorRuntime.permute(self, dims) }
    public func t() throws -> Tensor { try TensorRuntime.t(self) }
    public func expand(_ shape: [Int]) throws -> Tensor { try TensorRuntime.expand(self, shape) }
    public func flatten(startDim: Int = 0, endDim: Int = -1) throws -> Tensor {
        try TensorRuntime.flatten(self, startDim: startDim, endDim: endDim)
    }
    public func contiguous() throws -> Tensor { try TensorRuntime.contiguous(self) }
}
