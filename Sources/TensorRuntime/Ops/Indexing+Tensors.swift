// Advanced indexing, as PyTorch's (numpy's) rules: index tensors (int64 or whole-number
// float32) gather, bool masks select, and both may be written through (`x[m] = v`).
//
// Index tensors broadcast together to a batch shape B. With the tensor-indexed dimensions D
// next to each other the result is x's shape with D replaced by B; otherwise B comes first.
// Numbers, slices and `None` apply first, as basic indexing (PyTorch's order); bool masks
// become the index tensors of their true positions (`nonzero`).

/// One item of a subscript that may hold index tensors: `x[m]`, `x[:, ids]`, `x[rows, cols]`.
public enum AdvancedIndex {
    case basic(TensorIndex)
    case tensor(Tensor)
}

/// The plan shared by reading and writing: the basic-indexed view, which of its dimensions
/// the index tensors address, their broadcast positions, and where the batch dimensions go.
struct AdvancedPlan {
    /// `x` after newAxis, slices and ellipsis (full rank; tensor-indexed dimensions kept).
    var basicItems: [TensorIndex]
    var dims: [Int]
    /// positions[j][b]: the index into dimension dims[j] of batch element b (row-major over batch).
    var positions: [[Int]]
    var batch: [Int]
    /// Where the batch dimensions start in the result (0 when the indexed dimensions are apart).
    var batchStart: Int
}

func planAdvancedIndex(_ shape: [Int], _ items: [AdvancedIndex], op: String) throws -> AdvancedPlan {
    // Expand the ellipsis; count the dimensions each item consumes (a mask: its rank).
    var consumed = 0
    for item in items {
        switch item {
        case .basic(.at), .basic(.slice): consumed += 1
        case .basic(.ellipsis), .basic(.newAxis): break
        case .tensor(let t): consumed += t.dtype == .bool ? Swift.max(t.rank, 1) : 1
        }
    }
    guard consumed <= shape.count else {
        throw TensorError(op, "too many indices for a tensor of shape \(shapeString(shape)): \(consumed) given")
    }
    var basic: [TensorIndex] = []
    var tensorAt: [(dim: Int, index: Tensor)] = []
    var dim = 0  // dimension of the basic-indexed view
    var source = 0  // dimension of x
    var sawEllipsis = false
    for item in items {
        switch item {
        case .basic(.newAxis):
            basic.append(.newAxis)
            dim += 1
        case .basic(.ellipsis):
            guard !sawEllipsis else { throw TensorError(op, "an index can only have a single ellipsis (...)") }
            sawEllipsis = true
            for _ in 0..<(shape.count - consumed) { basic.append(.all); dim += 1; source += 1 }
        case .basic(.slice(let a, let b, let c)):
            basic.append(.slice(start: a, end: b, step: c))
            dim += 1; source += 1
        case .basic(.at(let i)):
            // PyTorch (unlike numpy) applies a number as basic indexing first: it removes its
            // dimension and does not count among the index tensors.
            basic.append(.at(i))
            source += 1
        case .tensor(let t) where t.dtype == .bool:
            guard t.rank > 0 else { throw TensorError(op, "a 0-dimensional bool mask is not supported as an index") }
            let covered = Array(shape[source..<(source + t.rank)])
            guard covered == t.shape else {
                throw TensorError(op, "the shape of the mask \(shapeString(t.shape)) does not match the shape \(shapeString(covered)) of the indexed tensor at dimension \(source)")
            }
            let hits = try nonzeroPositions(t)
            for k in 0..<t.rank {
                basic.append(.all)
                tensorAt.append((dim, try Tensor.int64(shape: [hits.count / t.rank], data: stride(from: k, to: hits.count, by: t.rank).map { Int64(hits[$0]) }, op: op)))
                dim += 1; source += 1
            }
        case .tensor(let t):
            basic.append(.all)
            tensorAt.append((dim, t))
            dim += 1; source += 1
        }
    }
    // The basic view's shape decides the bounds of each index tensor.
    let view = try resolveIndex(basic, shape: shape, strides: contiguousStrides(shape), offset: 0, op: op)
    var batch: [Int] = []
    for (_, t) in tensorAt { batch = try broadcastShapes(batch, t.shape, op: op) }
    var positions: [[Int]] = []
    for (d, t) in tensorAt {
        let size = view.shape[d]
        let values = try indexValues(try t.expand(batch), op: op)
        positions.append(try values.map { v in
            guard v >= -size && v < size else {
                throw TensorError(op, "index \(v) is out of range for dimension \(d) with size \(size)")
            }
            return v < 0 ? v + size : v
        })
    }
    let dims = tensorAt.map { $0.dim }
    let adjacent = zip(dims, dims.dropFirst()).allSatisfy { $1 == $0 + 1 }
    return AdvancedPlan(basicItems: basic, dims: dims, positions: positions, batch: batch,
                        batchStart: adjacent ? (dims.first ?? 0) : 0)
}

/// The whole numbers an index tensor holds (int64, or float32 that must be whole).
func indexValues(_ t: Tensor, op: String) throws -> [Int] {
    switch t.dtype {
    case .int64: return t.int64Values().map { Int(truncatingIfNeeded: $0) }
    case .bool: throw TensorError(op, "a bool tensor cannot be used as indices here (use it alone as a mask)")
    case .float32:
        return try t.toArray().map { v in
            guard v.isFinite, v == v.rounded(), Swift.abs(v) < 1e15 else {
                throw TensorError(op, "index \(formatNumber(Double(v))) is not a whole number (index tensors hold int64 or whole numbers)")
            }
            return Int(v)
        }
    }
}

/// Row-major positions of the nonzero elements of `t`, flattened: t.rank numbers per hit.
func nonzeroPositions(_ t: Tensor) throws -> [Int] {
    let values = t.dtype == .int64 ? t.int64Values().map { $0 != 0 } : t.toArray().map { $0 != 0 }
    let strides = contiguousStrides(t.shape)
    var out: [Int] = []
    for (flat, hit) in values.enumerated() where hit {
        var rest = flat
        for s in strides {
            out.append(rest / s)
            rest %= s
        }
    }
    return out
}

/// Offsets (in elements from `t`'s first element) of the sub-tensors each batch element picks.
func batchOffsets(_ t: Tensor, _ plan: AdvancedPlan) -> [Int] {
    let n = plan.batch.reduce(1, &*)
    var offsets = [Int](repeating: 0, count: n)
    for (j, d) in plan.dims.enumerated() {
        let s = t.strides[d], p = plan.positions[j]
        for b in 0..<n { offsets[b] &+= p[b] &* s }
    }
    return offsets
}

/// The dimensions of `t` not addressed by index tensors, as (shape, strides).
func restLayout(_ t: Tensor, _ plan: AdvancedPlan) -> (shape: [Int], strides: [Int]) {
    let rest = (0..<t.rank).filter { !plan.dims.contains($0) }
    return (rest.map { t.shape[$0] }, rest.map { t.strides[$0] })
}

/// Float32 gather: out[b, r...] = t[positions[b], r...]; shape batch + rest.
func gatherFloat(_ t: Tensor, _ plan: AdvancedPlan, op: String) throws -> Tensor {
    let offsets = batchOffsets(t, plan)
    let rest = restLayout(t, plan)
    let out = try Tensor.uninitialized(plan.batch + rest.shape, op: op)
    let inner = rest.shape.reduce(1, &*)
    if out.count == 0 { return out }
    if rest.shape.isEmpty {
        let p = t.dataPointer, o = out.dataPointer
        for (b, at) in offsets.enumerated() { o[b] = p[at] }
        return out
    }
    let restStrides = contiguousStrides(rest.shape)
    for (b, at) in offsets.enumerated() {
        let src = t.viewing(shape: rest.shape, strides: rest.strides, offset: t.offset &+ at)
        stridedCopy(from: src, into: out.viewing(shape: rest.shape, strides: restStrides, offset: b &* inner))
    }
    return out
}

/// Float32 scatter: t[positions[b], r...] = (or +=) v[b, r...]; v has shape batch + rest.
func scatterFloat(_ v: Tensor, into t: Tensor, _ plan: AdvancedPlan, accumulate: Bool) {
    let offsets = batchOffsets(t, plan)
    let rest = restLayout(t, plan)
    let inner = rest.shape.reduce(1, &*)
    let vStrides = v.strides
    for (b, at) in offsets.enumerated() where inner > 0 {
        let dst = t.viewing(shape: rest.shape, strides: rest.strides, offset: t.offset &+ at)
        var srcOffset = v.offset
        var rem = b
        for d in stride(from: plan.batch.count - 1, through: 0, by: -1) {
            srcOffset &+= (rem % plan.batch[d]) &* vStrides[d]
            rem /= plan.batch[d]
        }
        let src = v.viewing(shape: rest.shape, strides: Array(vStrides.dropFirst(plan.batch.count)), offset: srcOffset)
        if accumulate { stridedAdd(from: src, into: dst) } else { stridedCopy(from: src, into: dst) }
    }
}

/// The order of a batch-first result's dimensions that puts the batch at `plan.batchStart`.
func batchPlacement(_ plan: AdvancedPlan, rank: Int) -> [Int]? {
    let nb = plan.batch.count, start = plan.batchStart
    guard start > 0 else { return nil }
    return Array(nb..<(nb + start)) + Array(0..<nb) + Array((nb + start)..<rank)
}

extension Tensor {
    /// `self[items]` where items may hold index tensors and bool masks: a new tensor (PyTorch's
    /// advanced indexing copies). Gradients flow back to `self` (summed over repeated indices).
    public func index(advanced items: [AdvancedIndex]) throws -> Tensor {
        let plan = try planAdvancedIndex(shape, items, op: "index")
        let view = try index(plan.basicItems)
        let gathered: Tensor
        if view.dtype == .float32 {
            gathered = try gatherFloat(view, plan, op: "index")
            if mustRecord(view) {
                let viewShape = view.shape
                _ = Tensor.record(gathered, "index", [view]) { g in
                    let gx = try Tensor.filled(viewShape, 0, op: "index")
                    scatterFloat(g, into: gx, plan, accumulate: true)
                    return [gx]
                }
            }
        } else {
            // int64 as float32 pairs: the pair is one more trailing dimension, kept whole.
            gathered = try view.movingElements { try gatherFloat($0, plan, op: "index") }
        }
        guard let order = batchPlacement(plan, rank: gathered.rank) else { return gathered }
        return try gathered.permute(order)
    }

    /// `self[items] = value` with index tensors or masks, in place; `value` broadcasts to the
    /// selection (extra leading size-1 dimensions allowed) and is cast to `self`'s dtype.
    /// Gradients as for basic assignment: to `value` (the selected part) and `self`'s rest.
    public func assign(advanced items: [AdvancedIndex], _ value: Tensor) throws {
        let plan = try planAdvancedIndex(shape, items, op: "assign")
        let layout = try resolveIndex(plan.basicItems, shape: shape, strides: strides, offset: offset, op: "assign")
        let target = viewing(shape: layout.shape, strides: layout.strides, offset: layout.offset)
        let rest = restLayout(target, plan)
        // The selection as the value sees it (batch placed as a read would place it).
        var selection = plan.batch + rest.shape
        let order = batchPlacement(plan, rank: selection.count)
        if let order { selection = order.map { selection[$0] } }
        var source = try droppingLeadingOnes(value, toRank: selection.count).to(dtype)
        guard try broadcastShapes(selection, source.shape, op: "assign") == selection else {
            throw TensorError("assign", "value of shape \(shapeString(value.shape)) cannot be broadcast to the selection's shape \(shapeString(selection))")
        }
        let recording = GradMode.isEnabled && dtype == .float32 && (requiresGrad || value.requiresGrad)
        if recording && isLeaf && requiresGrad {
            throw TensorError("assign", "a leaf tensor that requires grad cannot be modified in place (use no_grad, or assign into a copy)")
        }
        source = try source.expand(selection)
        if let order { source = try source.permute(inversePermutation(order)) }
        if source.storage === storage { source = try source.clonedContiguous(op: "assign") }
        if dtype == .float32 {
            scatterFloat(source, into: target, plan, accumulate: false)
        } else {
            let pairs = dtype == .int64
            let t = pairs ? target.int64AsFloatPairs() : target.retagged(.float32)
            let s = pairs ? source.int64AsFloatPairs() : source.retagged(.float32)
            scatterFloat(s, into: t, plan, accumulate: false)
        }
        guard recording else { return }
        try recordCopySlices(value: value) { g in
            let gc = try g.contiguousData()
            let l = try resolveIndex(plan.basicItems, shape: gc.shape, strides: gc.strides, offset: gc.offset, op: "assign")
            let picked = try gatherFloat(gc.viewing(shape: l.shape, strides: l.strides, offset: l.offset), plan, op: "assign")
            return try order.map { try picked.permute($0) } ?? picked
        } hole: { rest in
            let l = try resolveIndex(plan.basicItems, shape: rest.shape, strides: rest.strides, offset: rest.offset, op: "assign")
            let view = rest.viewing(shape: l.shape, strides: l.strides, offset: l.offset)
            let zeros = try Tensor.filled(plan.batch + restLayout(view, plan).shape, 0, op: "assign")
            scatterFloat(zeros, into: view, plan, accumulate: false)
        }
    }
}

/// `value` without leading size-1 dimensions beyond `rank` (PyTorch's setitem drops them:
/// a [1, V] row assigned into a row of [T, V]).
func droppingLeadingOnes(_ value: Tensor, toRank rank: Int) throws -> Tensor {
    var v = value
    while v.rank > rank && v.shape[0] == 1 { v = try v.squeeze(0) }
    return v
}

func inversePermutation(_ order: [Int]) -> [Int] {
    var inverse = [Int](repeating: 0, count: order.count)
    for (i, o) in order.enumerated() { inverse[o] = i }
    return inverse
}
