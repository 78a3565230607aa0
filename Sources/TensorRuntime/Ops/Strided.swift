// Strided iteration shared by the elementwise, copy and reduction kernels.
//
// A kernel sees each operand as (pointer, strides) over one common shape; broadcast dimensions
// carry stride 0. Before looping, dimensions are dropped when their size is 1 and merged when
// every operand steps through them as one run, so a contiguous or simply-broadcast operand
// costs one inner loop instead of an odometer step per element.

/// Runs `body` once per innermost run of a loop nest over `shape` with `operands` strided
/// operands; `strideOf(k, d)` is operand k's stride along dimension d. `body` receives each
/// operand's element offset of the run's first element, the run length, and each operand's
/// stride within the run.
///
/// Dimensions of size 1 are dropped and neighbours every operand steps through as one run are
/// merged first, so contiguous and simply broadcast operands make one long run. All scratch
/// space is on the stack: the general path allocates nothing.
@inline(__always) @usableFromInline
func forEachStridedRun(_ shape: [Int], operands k: Int, _ strideOf: (_ operand: Int, _ dim: Int) -> Int,
                       _ body: (_ offsets: UnsafeMutablePointer<Int>, _ count: Int, _ steps: UnsafeMutablePointer<Int>) -> Void) {
    let maxRank = Swift.max(shape.count, 1)
    // Layout: sizes[maxRank] | strides[k][maxRank] | offsets[k] | counter[maxRank] | steps[k]
    withUnsafeTemporaryAllocation(of: Int.self, capacity: maxRank &* (k &+ 2) &+ 2 &* k) { scratch in
        guard let base = scratch.baseAddress else { return }
        let sizes = base, strides = base + maxRank
        let offsets = strides + k &* maxRank, counter = offsets + k, steps = counter + maxRank
        var rank = 0
        for d in 0..<shape.count where shape[d] != 1 {
            if rank > 0 {
                var mergeable = true
                for op in 0..<k where strides[op &* maxRank &+ rank &- 1] != strideOf(op, d) &* shape[d] {
                    mergeable = false
                    break
                }
                if mergeable {
                    sizes[rank &- 1] &*= shape[d]
                    for op in 0..<k { strides[op &* maxRank &+ rank &- 1] = strideOf(op, d) }
                    continue
                }
            }
            sizes[rank] = shape[d]
            for op in 0..<k { strides[op &* maxRank &+ rank] = strideOf(op, d) }
            rank &+= 1
        }
        if rank == 0 {
            sizes[0] = 1
            for op in 0..<k { strides[op &* maxRank] = 0 }
            rank = 1
        }
        let inner = sizes[rank &- 1]
        for op in 0..<k {
            offsets[op] = 0
            steps[op] = strides[op &* maxRank &+ rank &- 1]
        }
        let outerRank = rank &- 1
        var outer = 1
        for d in 0..<outerRank {
            counter[d] = 0
            outer &*= sizes[d]
        }
        for _ in 0..<outer {
            body(offsets, inner, steps)
            // Odometer step over the outer dimensions, last fastest.
            var d = outerRank &- 1
            while d >= 0 {
                counter[d] &+= 1
                for op in 0..<k { offsets[op] &+= strides[op &* maxRank &+ d] }
                if counter[d] < sizes[d] { break }
                for op in 0..<k { offsets[op] &-= strides[op &* maxRank &+ d] &* sizes[d] }
                counter[d] = 0
                d &-= 1
            }
        }
    }
}

/// Operand `t`'s stride along dimension `d` of a broadcast result of rank `rank` (0 where
/// `t` lacks the dimension or has size 1 there).
@inline(__always) @usableFromInline
func broadcastStride(_ t: Tensor, _ d: Int, rank: Int) -> Int {
    let own = d &- (rank &- t.shape.count)
    return own < 0 || t.shape[own] == 1 ? 0 : t.strides[own]
}

/// Strides that read `tensor` as if expanded to `shape` (right-aligned; stride 0 where the
/// tensor has size 1 or lacks the dimension). The caller has checked broadcastability.
@inlinable
func broadcastStrides(_ tensor: Tensor, to shape: [Int]) -> [Int] {
    let lead = shape.count - tensor.shape.count
    var result = [Int](repeating: 0, count: shape.count)
    for d in 0..<tensor.shape.count where tensor.shape[d] != 1 || shape[d + lead] == 1 {
        result[d + lead] = tensor.strides[d]
    }
    return result
}

/// out[i] = f(a[i], b[i]) over the broadcast of `a` and `b`, `out` contiguous of `shape`.
@inline(__always) @usableFromInline
func stridedBinary(_ shape: [Int], _ a: Tensor, _ b: Tensor, into out: UnsafeMutablePointer<Float>,
                   _ f: (Float, Float) -> Float) {
    let rank = shape.count
    let outStrides = contiguousStrides(shape)
    let pa = a.dataPointer, pb = b.dataPointer
    forEachStridedRun(shape, operands: 3, { op, d in
        op == 0 ? outStrides[d] : broadcastStride(op == 1 ? a : b, d, rank: rank)
    }) { off, n, step in
        let o = out + off[0], x = pa + off[1], y = pb + off[2]
        let (so, sa, sb) = (step[0], step[1], step[2])
        if sa == 1 && sb == 1 && so == 1 {
            for i in 0..<n { o[i] = f(x[i], y[i]) }
        } else if sa == 1 && sb == 0 && so == 1 {
            let v = y[0]
            for i in 0..<n { o[i] = f(x[i], v) }
        } else if sa == 0 && sb == 1 && so == 1 {
            let v = x[0]
            for i in 0..<n { o[i] = f(v, y[i]) }
        } else {
            for i in 0..<n { o[i &* so] = f(x[i &* sa], y[i &* sb]) }
        }
    }
}

/// Copies `source`, broadcast to `destination.shape`, into `destination`'s (strided) elements.
func stridedCopy(from source: Tensor, into destination: Tensor) {
    let shape = destination.shape, rank = shape.count
    let pd = destination.dataPointer, ps = source.dataPointer
    forEachStridedRun(shape, operands: 2, { op, d in
        op == 0 ? destination.strides[d] : broadcastStride(source, d, rank: rank)
    }) { off, n, step in
        let d = pd + off[0], s = ps + off[1]
        let (sd, ss) = (step[0], step[1])
        if sd == 1 && ss == 1 { d.update(from: s, count: n) }
        else { for i in 0..<n { d[i &* sd] = s[i &* ss] } }
    }
}

/// destination += source (source broadcast to destination's shape).
func stridedAdd(from source: Tensor, into destination: Tensor) {
    let shape = destination.shape, rank = shape.count
    let pd = destination.dataPointer, ps = source.dataPointer
    forEachStridedRun(shape, operands: 2, { op, d in
        op == 0 ? destination.strides[d] : broadcastStride(source, d, rank: rank)
    }) { off, n, step in
        let d = pd + off[0], s = ps + off[1]
        let (sd, ss) = (step[0], step[1])
        for i in 0..<n { d[i &* sd] += s[i &* ss] }
    }
}

/// Adds `source` (of `shape`) into `target`, whose strides are `targetStrides` over `shape`
/// (0 on dimensions being summed away). The reduction kernel behind sum-over-dims and
/// `reduceBroadcastGrad`.
func stridedAccumulate(_ source: Tensor, into target: UnsafeMutablePointer<Float>, targetStrides: [Int]) {
    let ps = source.dataPointer
    forEachStridedRun(source.shape, operands: 2, { op, d in
        op == 0 ? targetStrides[d] : source.strides[d]
    }) { off, n, step in
        let t = target + off[0], s = ps + off[1]
        let (st, ss) = (step[0], step[1])
        if st == 0 {
            var acc: Float = 0
            for i in 0..<n { acc += s[i &* ss] }
            t[0] += acc
        } else {
            for i in 0..<n { t[i &* st] += s[i &* ss] }
        }
    }
}

/// Sums `grad` over the dimensions that broadcasting added or stretched, so that it has
/// `shape` again: the gradient of an input that was broadcast to `grad.shape`.
public func reduceBroadcastGrad(_ grad: Tensor, to shape: [Int]) throws -> Tensor {
    if grad.shape == shape { return grad }
    let out = try Tensor.filled(shape, 0, op: "backward")
    guard out.count > 0 && grad.count > 0 else { return out }
    let lead = grad.rank - shape.count
    guard lead >= 0 else {
        throw TensorError("backward", "internal: cannot reduce a gradient of shape \(shapeString(grad.shape)) to \(shapeString(shape))")
    }
    let outStrides = contiguousStrides(shape)
    var targetStrides = [Int](repeating: 0, count: grad.rank)
    for d in 0..<shape.count {
        if shape[d] == grad.shape[d + lead] { targetStrides[d + lead] = outStrides[d] }
        else if shape[d] != 1 {
            throw TensorError("backward", "internal: cannot reduce a gradient of shape \(shapeString(grad.shape)) to \(shapeString(shape))")
        }
    }
    stridedAccumulate(grad, into: out.dataPointer, targetStrides: targetStrides)
    return out
}

extension Tensor {
    /// A tensor sharing `self`'s storage with the given layout (no autograd).
    @inlinable
    func viewing(shape: [Int], strides: [Int], offset: Int) -> Tensor {
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset, dtype: dtype)
    }
}

/// Whether an op with these inputs must record itself (checked before building the closure,
/// so ops on plain tensors never allocate one).
@inlinable
func mustRecord(_ a: Tensor) -> Bool { GradMode.isEnabled && a.requiresGrad }

@inlinable
func mustRecord(_ a: Tensor, _ b: Tensor) -> Bool { GradMode.isEnabled && (a.requiresGrad || b.requiresGrad) }
