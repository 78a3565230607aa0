// Basic indexing (`x[i, 1:3, ..., None]`) as views, slice assignment, and index_select.

/// One item of a subscript, as in Python: `x[2]`, `x[1:5:2]`, `x[...]`, `x[None]`.
public enum TensorIndex: Equatable {
    /// One position (negative counts from the end); removes the dimension.
    case at(Int)
    /// start..<end by step (step > 0), each clamped to the dimension as Python slices are.
    case slice(start: Int?, end: Int?, step: Int?)
    /// As many full slices as needed to cover the dimensions not indexed otherwise.
    case ellipsis
    /// A new size-1 dimension.
    case newAxis

    /// `:`, the whole dimension.
    public static let all = TensorIndex.slice(start: nil, end: nil, step: nil)
}

/// The layout (shape, strides, offset) that `items` select from a tensor laid out as given.
func resolveIndex(_ items: [TensorIndex], shape: [Int], strides: [Int], offset: Int, op: String) throws
    -> (shape: [Int], strides: [Int], offset: Int) {
    var consuming = 0, ellipses = 0
    for item in items {
        switch item {
        case .at, .slice: consuming += 1
        case .ellipsis: ellipses += 1
        case .newAxis: break
        }
    }
    guard ellipses <= 1 else { throw TensorError(op, "an index can only have a single ellipsis (...)") }
    guard consuming <= shape.count else {
        throw TensorError(op, "too many indices for a tensor of shape \(shapeString(shape)): \(consuming) given")
    }
    var outShape: [Int] = [], outStrides: [Int] = []
    var outOffset = offset
    var dim = 0
    for item in items {
        switch item {
        case .newAxis:
            outShape.append(1)
            outStrides.append(dim < shape.count ? shape[dim] &* strides[dim] : 1)
        case .ellipsis:
            let skip = shape.count - consuming
            for _ in 0..<skip {
                outShape.append(shape[dim])
                outStrides.append(strides[dim])
                dim += 1
            }
        case .at(let i):
            let size = shape[dim]
            guard i >= -size && i < size else {
                throw TensorError(op, "index \(i) is out of range for dimension \(dim) with size \(size)")
            }
            outOffset &+= (i < 0 ? i + size : i) &* strides[dim]
            dim += 1
        case .slice(let start, let end, let step):
            let size = shape[dim]
            let by = step ?? 1
            guard by > 0 else { throw TensorError(op, "slice step must be positive, got \(by)") }
            let lo = clampSliceBound(start ?? 0, size: size)
            let hi = clampSliceBound(end ?? size, size: size)
            let length = hi > lo ? (hi - lo - 1) / by + 1 : 0
            outOffset &+= lo &* strides[dim]
            outShape.append(length)
            // A step past the end leaves one element; its stride is then never used, and keeping
            // the dimension's own stride avoids an overflowing product with a huge step.
            outStrides.append(length > 1 ? by &* strides[dim] : strides[dim])
            dim += 1
        }
    }
    while dim < shape.count {
        outShape.append(shape[dim])
        outStrides.append(strides[dim])
        dim += 1
    }
    return (outShape, outStrides, outOffset)
}

/// Python's rule: negative bounds count from the end, then clamp to 0...size.
@inline(__always)
func clampSliceBound(_ bound: Int, size: Int) -> Int {
    var b = bound
    if b < 0 { b = b < -size ? 0 : b + size }
    return Swift.min(b, size)
}

extension Tensor {
    /// The view `self[items]` (shares storage). Out-of-range positions throw; slices clamp.
    public func index(_ items: [TensorIndex]) throws -> Tensor {
        let layout = try resolveIndex(items, shape: shape, strides: strides, offset: offset, op: "index")
        let out = viewing(shape: layout.shape, strides: layout.strides, offset: layout.offset)
        guard mustRecord(self) else { return out }
        let baseShape = shape
        return Tensor.record(out, "index", [self]) { g in
            let full = try Tensor.filled(baseShape, 0, op: "index")
            let l = try resolveIndex(items, shape: baseShape, strides: full.strides, offset: 0, op: "index")
            stridedCopy(from: g, into: full.viewing(shape: l.shape, strides: l.strides, offset: l.offset))
            return [full]
        }
    }

    /// `self[items] = value`: copies `value` (broadcast to the selection's shape) into `self`,
    /// in place. Like PyTorch's CopySlices, `self` then stands for the new content in the graph:
    /// its gradient flows to `value` (the selected part) and to `self`'s earlier content (the
    /// rest). Limitation: an op that read `self` before the assignment still sends its gradient
    /// through this node, so keep reads of an overwritten region after the write.
    public func assign(_ items: [TensorIndex], _ value: Tensor) throws {
        let layout = try resolveIndex(items, shape: shape, strides: strides, offset: offset, op: "assign")
        let target = viewing(shape: layout.shape, strides: layout.strides, offset: layout.offset)
        // PyTorch drops a value's extra leading size-1 dimensions and casts it to self's dtype.
        let fitted = try droppingLeadingOnes(value, toRank: layout.shape.count).to(dtype)
        let broadcast = try broadcastShapes(layout.shape, fitted.shape, op: "assign")
        guard broadcast == layout.shape else {
            throw TensorError("assign", "value of shape \(shapeString(value.shape)) cannot be broadcast to the selection's shape \(shapeString(layout.shape))")
        }
        let recording = GradMode.isEnabled && dtype == .float32 && (requiresGrad || value.requiresGrad)
        if recording && isLeaf && requiresGrad {
            throw TensorError("assign", "a leaf tensor that requires grad cannot be modified in place (use no_grad, or assign into a copy)")
        }
        // Copy through a temporary when value reads the same storage, so overlap cannot smear.
        let source = fitted.storage === storage ? try fitted.clonedContiguous(op: "assign") : fitted
        if target.count > 0 {
            switch dtype {
            case .float32: stridedCopy(from: source, into: target)
            case .bool: stridedCopy(from: source.retagged(.float32), into: target.retagged(.float32))
            case .int64: stridedCopy(from: source.int64AsFloatPairs(), into: target.int64AsFloatPairs())
            }
        }
        guard recording else { return }
        try recordCopySlices(value: value) { g in
            let gc = try g.contiguousData()
            let l = try resolveIndex(items, shape: gc.shape, strides: gc.strides, offset: gc.offset, op: "assign")
            return gc.viewing(shape: l.shape, strides: l.strides, offset: l.offset)
        } hole: { rest in
            let l = try resolveIndex(items, shape: rest.shape, strides: rest.strides, offset: rest.offset, op: "assign")
            stridedCopy(from: Tensor.scalar(0), into: rest.viewing(shape: l.shape, strides: l.strides, offset: l.offset))
        }
    }

    /// Makes `self` (just written in place) stand for its new content in the graph, as
    /// PyTorch's CopySlices: the gradient of the earlier content is `g` with the written
    /// region zeroed (`hole`), that of `value` the written region of `g` (`picked`, in the
    /// selection's shape), summed back to `value`'s shape.
    func recordCopySlices(value: Tensor, picked: @escaping (Tensor) throws -> Tensor,
                          hole: @escaping (Tensor) throws -> Void) throws {
        let previous = Tensor(storage: storage, shape: shape, strides: strides, offset: offset)
        previous.requiresGrad = requiresGrad
        previous.gradFn = gradFn
        let valueShape = value.shape
        gradFn = GradFn(name: "copy_slices", inputs: [previous, value]) { g in
            var gPrevious: Tensor? = nil, gValue: Tensor? = nil
            if previous.requiresGrad {
                let rest = try g.clonedContiguous(op: "assign")
                try hole(rest)
                gPrevious = rest
            }
            if value.requiresGrad {
                let part = try picked(g)
                let dropped = try droppingLeadingOnes(value, toRank: part.rank).shape
                gValue = try reduceBroadcastGrad(part, to: dropped).reshape(valueShape)
            }
            return [gPrevious, gValue]
        }
        requiresGrad = true
    }

    /// `self[items] = value` for a number.
    public func assign(_ items: [TensorIndex], _ value: Float) throws {
        try assign(items, Tensor.scalar(value))
    }
}

/// Entries of `x` at positions `index` (whole-number float32, 0-D or 1-D) along `dim`.
/// x: [A, n, B], index: [k] → [A, k, B].
public func indexSelect(_ x: Tensor, dim: Int, index: Tensor) throws -> Tensor {
    let d = try normalizeDim(dim, rank: x.rank, op: "index_select")
    if x.dtype != .float32 && x.rank > 0 { return try x.movingElements { try indexSelect($0, dim: d, index: index) } }
    guard index.rank <= 1 else {
        throw TensorError("index_select", "index must be 0-D or 1-D, got shape \(shapeString(index.shape))")
    }
    let size = x.rank == 0 ? 1 : x.shape[d]
    let positions = try wholeIndices(index, bound: size, op: "index_select", what: "dimension \(d) with size \(size)")
    var shape = x.shape
    if x.rank > 0 { shape[d] = positions.count }
    let out = try Tensor.uninitialized(shape, op: "index_select")
    if x.rank == 0 {
        if let _ = positions.first { out.dataPointer[0] = x.dataPointer[0] }
    } else if out.count > 0 {
        let outStrides = out.strides
        for (k, p) in positions.enumerated() {
            var srcShape = x.shape
            srcShape[d] = 1
            let src = x.viewing(shape: srcShape, strides: x.strides, offset: x.offset &+ p &* x.strides[d])
            let dst = out.viewing(shape: srcShape, strides: outStrides, offset: k &* outStrides[d])
            stridedCopy(from: src, into: dst)
        }
    }
    guard mustRecord(x) else { return out }
    let xShape = x.shape
    return Tensor.record(out, "index_select", [x]) { g in
        let gx = try Tensor.filled(xShape, 0, op: "index_select")
        if xShape.isEmpty {
            if !positions.isEmpty { gx.dataPointer[0] = try g.contiguousData().dataPointer[0] }
            return [gx]
        }
        var sliceShape = xShape
        sliceShape[d] = 1
        let gStrides = g.strides
        for (k, p) in positions.enumerated() {
            let src = g.viewing(shape: sliceShape, strides: gStrides, offset: g.offset &+ k &* gStrides[d])
            let dst = gx.viewing(shape: sliceShape, strides: gx.strides, offset: p &* gx.strides[d])
            stridedAdd(from: src, into: dst)
        }
        return [gx]
    }
}

/// Converts a float32 index tensor to positions in 0..<bound; fractional, non-finite, negative
/// or too large entries throw (PyTorch's index_select and embedding reject negatives too).
func wholeIndices(_ index: Tensor, bound: Int, op: String, what: String) throws -> [Int] {
    if index.dtype != .float32 {
        return try indexValues(index, op: op).map { i in
            guard i >= 0 && i < bound else { throw TensorError(op, "index \(i) is out of range for \(what)") }
            return i
        }
    }
    let values = index.toArray()
    var result = [Int]()
    result.reserveCapacity(values.count)
    for v in values {
        guard v.isFinite, v == v.rounded(), Swift.abs(v) < 1e15 else {
            throw TensorError(op, "index \(v) is not a whole number")
        }
        let i = Int(v)
        guard i >= 0 && i < bound else { throw TensorError(op, "index \(i) is out of range for \(what)") }
        result.append(i)
    }
    return result
}

extension Tensor {
    public func indexSelect(dim: Int, index: Tensor) throws -> Tensor {
        try TensorRuntime.indexSelect(self, dim: dim, index: index)
    }
}

/// `x[items]` as a view; see `Tensor.index(_:)`.
public func index(_ x: Tensor, _ items: [TensorIndex]) throws -> Tensor { try x.index(items) }

/// `x[items] = value` in place; see `Tensor.assign(_:_:)`.
public func assign(_ x: Tensor, _ items: [TensorIndex], _ value: Tensor) throws { try x.assign(items, value) }
