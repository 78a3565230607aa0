/// Updates parameters in place from their `.grad`, as `torch.optim` optimizers do.
public protocol Optimizer: AnyObject {
    /// The learning rate (`opt.lr` in the language reads and assigns it).
    var lr: Float { get set }
    /// One update of every parameter that has a gradient (parameters without one are skipped).
    func step() throws
    /// Drops every parameter's gradient (`zero_grad(set_to_none=True)`).
    func zeroGrad()
}

/// Checks what `step()` relies on: leaves (updating a computed tensor would not change what
/// produced it) laid out contiguously (updates run over flat buffers; an expanded view would
/// write one element several times).
func validatedOptimizerParameters(_ params: [Tensor], op: String) throws -> [Tensor] {
    var seen = Set<ObjectIdentifier>()
    var result: [Tensor] = []
    for (i, p) in params.enumerated() {
        guard p.isLeaf else {
            throw TensorError(op, "parameter \(i) of shape \(shapeString(p.shape)) is computed from other tensors; "
                + "an optimizer needs leaf tensors (use detach() and requires_grad)")
        }
        guard p.isContiguous else {
            throw TensorError(op, "parameter \(i) of shape \(shapeString(p.shape)) is a strided view; "
                + "pass a contiguous tensor (contiguous() or clone())")
        }
        // PyTorch rejects duplicates too: a parameter listed twice would be stepped twice.
        guard seen.insert(ObjectIdentifier(p)).inserted else {
            throw TensorError(op, "parameter \(i) of shape \(shapeString(p.shape)) appears more than once")
        }
        result.append(p)
    }
    return result
}

/// The gradient of `p` as a contiguous buffer of `p.count` floats, or nil when there is none.
/// Throws if the gradient's shape was changed behind autograd's back.
func contiguousGrad(of p: Tensor, op: String) throws -> Tensor? {
    guard let g = p.grad else { return nil }
    guard g.shape == p.shape else {
        throw TensorError(op, "gradient of shape \(shapeString(g.shape)) does not match parameter of shape \(shapeString(p.shape))")
    }
    return try g.contiguousData()
}

/// `torch.nn.utils.clip_grad_norm_`: the 2-norm of all gradients taken together; when it
/// exceeds `maxNorm`, every gradient is scaled in place by maxNorm / (norm + 1e-6).
/// Parameters without a gradient are ignored. Returns the norm before clipping.
@discardableResult
public func clipGradNorm(_ params: [Tensor], maxNorm: Float) throws -> Float {
    guard maxNorm.isFinite, maxNorm >= 0 else {
        throw TensorError("clip_grad_norm", "max_norm must be a finite number >= 0, got \(maxNorm)")
    }
    var total = 0.0
    for p in params {
        guard let g = try contiguousGrad(of: p, op: "clip_grad_norm") else { continue }
        defer { withExtendedLifetime(g) {} }  // g may be a temporary copy; its pointer is used below
        total += sumOfSquares(g.dataPointer, count: g.count)
    }
    let norm = Float(total.squareRoot())
    let coefficient = maxNorm / (norm + 1e-6)
    guard coefficient < 1 else { return norm }
    for p in params {
        guard let g = p.grad else { continue }
        if !g.isContiguous { p.grad = try g.clonedContiguous(op: "clip_grad_norm") }
        guard let owned = p.grad else { continue }
        let ptr = owned.dataPointer
        for i in 0..<owned.count { ptr[i] *= coefficient }
    }
    return norm
}

/// Σ x² of `n` floats. Blocks of 1024 are summed in float32 across eight SIMD lanes (fast, and
/// each partial sum holds few terms), then added in double, so a million squares keep the
/// digits PyTorch's blocked reduction keeps.
func sumOfSquares(_ x: UnsafeMutablePointer<Float>, count n: Int) -> Double {
    var total = 0.0
    var start = 0
    while start < n {
        let end = Swift.min(start &+ 1024, n)
        var lanes = SIMD8<Float>()
        var i = start
        while i &+ 8 <= end {
            let v = SIMD8<Float>.load(x + i)
            lanes += v * v
            i &+= 8
        }
        var block = lanes.sum()
        while i < end { block += x[i] * x[i]; i &+= 1 }
        total += Double(block)
        start = end
    }
    return total
}

extension SIMD8 where Scalar == Float {
    /// Eight floats from `p` (any alignment).
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }
}
