// Strided iteration shared by the elementwise, copy and reduction kernels.
//
// A kernel sees each operand as (pointer, strides) over one common shape; broadcast dimensions
// carry stride 0. Before looping, dimensions are dropped when their size is 1 and merged when
// every operand steps through them as one run, so a contiguous or simply-broadcast operand
// costs one inner loop instead of an odometer step per element.

/// One loop nest, already simplified: `sizes[d]` and per-operand strides, outermost first.
@usableFromInline
struct StridedLoop {
    @usableFromInline var sizes: [Int]
    @usableFromInline var strides: [[Int]]

    /// Drops size-1 dimensions and merges neighbours that every operand steps through
    /// contiguously (stride[d] == stride[d+1] * size[d+1]).
    @usableFromInline
    init(shape: [Int], strides operandStrides: [[Int]]) {
        var sizes: [Int] = []
        var strides = [[Int]](repeating: [], count: operandStrides.count)
        for d in 0..<shape.count where shape[d] != 1 {
            if let last = sizes.last {
                var mergeable = true
                for k in 0..<operandStrides.count where strides[k][strides[k].count - 1] != operandStrides[k][d] &* shape[d] {
                    mergeable = false
                    break
                }
                if mergeable {
                    sizes[sizes.count - 1] = last &* shape[d]
                    for k in 0..<operandStrides.count { strides[k][strides[k].count - 1] = operandStrides[k][d] }
                    continue
                }
            }
            sizes.append(shape[d])
            for k in 0..<operandStrides.count { strides[k].append(operandStrides[k][d]) }
        }
        if sizes.isEmpty {
            sizes = [1]
            for k in 0..<operandStrides.count { strides[k] = [0] }
        }
        self.sizes = sizes
        self.strides = strides
    }

    /// Number of inner runs and their length.
    @usableFromInline var innerCount: Int { sizes[sizes.count - 1] }
    @usableFromInline var outerCount: Int { sizes.dropLast().reduce(1, &*) }

    /// Calls `body(offsets, innerStrides)` once per inner run, with the element offset of the
    /// run's first element for each operand.
    @inline(__always) @usableFromInline
    func forEachRun(_ body: (_ offsets: UnsafeMutableBufferPointer<Int>) -> Void) {
        let operands = strides.count
        let outerRank = sizes.count - 1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: operands + outerRank + 1) { scratch in
            let offsets = UnsafeMutableBufferPointer(rebasing: scratch[0..<operands])
            let counter = UnsafeMutableBufferPointer(rebasing: scratch[operands..<(operands + outerRank + 1)])
            for k in 0..<operands { offsets[k] = 0 }
            for d in 0..<outerRank { counter[d] = 0 }
            let total = outerCount
            for _ in 0..<total {
                body(offsets)
                // Odometer step over the outer dimensions, last fastest.
                var d = outerRank - 1
                while d >= 0 {
                    counter[d] &+= 1
                    for k in 0..<operands { offsets[k] &+= strides[k][d] }
                    if counter[d] < sizes[d] { break }
                    for k in 0..<operands { offsets[k] &-= strides[k][d] &* sizes[d] }
                    counter[d] = 0
                    d &-= 1
                }
            }
        }
    }
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
    let loop = StridedLoop(shape: shape, strides: [contiguousStrides(shape), broadcastStrides(a, to: shape),
                                                   broadcastStrides(b, to: shape)])
    let pa = a.dataPointer, pb = b.dataPointer
    let n = loop.innerCount
    let so = loop.strides[0][loop.strides[0].count - 1]
    let sa = loop.strides[1][loop.strides[1].count - 1]
    let sb = loop.strides[2][loop.strides[2].count - 1]
    loop.forEachRun { off in
        let o = out + off[0], x = pa + off[1], y = pb + off[2]
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
    let shape = destination.shape
    let loop = StridedLoop(shape: shape, strides: [destination.strides, broadcastStrides(source, to: shape)])
    let pd = destination.dataPointer, ps = source.dataPointer
    let n = loop.innerCount
    let sd = loop.strides[0][loop.strides[0].count - 1]
    let ss = loop.strides[1][loop.strides[1].count - 1]
    loop.forEachRun { off in
        let d = pd + off[0], s = ps + off[1]
        if sd == 1 && ss == 1 { d.update(from: s, count: n) }
        else { for i in 0..<n { d[i &* sd] = s[i &* ss] } }
    }
}

/// Adds `source` (of `shape`) into `target`, whose strides are `targetStrides` over `shape`
/// (0 on dimensions being summed away). The reduction kernel behind sum-over-dims and
/// `reduceBroadcastGrad`.
func stridedAccumulate(_ source: Tensor, into target: UnsafeMutablePointer<Float>, targetStrides: [Int]) {
    let shape = source.shape
    let loop = StridedLoop(shape: shape, strides: [targetStrides, source.strides])
    let ps = source.dataPointer
    let n = loop.innerCount
    let st = loop.strides[0][loop.strides[0].count - 1]
    let ss = loop.strides[1][loop.strides[1].count - 1]
    loop.forEachRun { off in
        let t = target + off[0], s = ps + off[1]
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
        Tensor(storage: storage, shape: shape, strides: strides, offset: offset)
    }
}

/// Whether an op with these inputs must record itself (checked before building the closure,
/// so ops on plain tensors never allocate one).
@inlinable
func mustRecord(_ a: Tensor) -> Bool { GradMode.isEnabled && a.requiresGrad }

@inlinable
func mustRecord(_ a: Tensor, _ b: Tensor) -> Bool { GradMode.isEnabled && (a.requiresGrad || b.requiresGrad) }
