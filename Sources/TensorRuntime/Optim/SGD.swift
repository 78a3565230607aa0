/// `torch.optim.SGD` (no dampening, no Nesterov):
/// d = g + weightDecay·p; with momentum, buf = d on the first step, then buf = momentum·buf + d,
/// and d = buf; finally p -= lr·d.
public final class SGD: Optimizer {
    public let params: [Tensor]
    public var lr: Float
    public let momentum: Float
    public let weightDecay: Float
    /// Momentum buffers by parameter index; nil until the parameter's first step (PyTorch
    /// clones the first gradient rather than starting from zero).
    private var buffers: [Tensor?]

    /// Optimises `params` (contiguous leaves, each at most once).
    public init(params: [Tensor], lr: Float, momentum: Float = 0, weightDecay: Float = 0) throws {
        guard lr.isFinite, lr >= 0 else { throw TensorError("sgd", "lr must be a finite number >= 0, got \(lr)") }
        guard momentum.isFinite, momentum >= 0 else { throw TensorError("sgd", "momentum must be >= 0, got \(momentum)") }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw TensorError("sgd", "weight_decay must be >= 0, got \(weightDecay)")
        }
        self.params = try validatedOptimizerParameters(params, op: "sgd")
        self.lr = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
        buffers = Array(repeating: nil, count: params.count)
    }

    public func step() throws {
        for (index, p) in params.enumerated() {
            guard let g = try contiguousGrad(of: p, op: "sgd") else { continue }
            defer { withExtendedLifetime(g) {} }  // g may be a temporary copy; its pointer is used below
            let n = p.count
            let w = p.dataPointer, gp = g.dataPointer
            let lr = self.lr, wd = weightDecay, mu = momentum
            if mu == 0 {
                for i in 0..<n { w[i] -= lr * decayed(gp[i], w[i], wd) }
                continue
            }
            if let buffer = buffers[index] {
                let b = buffer.dataPointer
                for i in 0..<n {
                    b[i] = mu * b[i] + decayed(gp[i], w[i], wd)
                    w[i] -= lr * b[i]
                }
            } else {
                let buffer = try Tensor.uninitialized(p.shape, op: "sgd")
                let b = buffer.dataPointer
                for i in 0..<n {
                    b[i] = decayed(gp[i], w[i], wd)
                    w[i] -= lr * b[i]
                }
                buffers[index] = buffer
            }
        }
    }

    public func zeroGrad() {
        for p in params { p.grad = nil }
    }
}

/// g + wd·w, adding nothing when wd is 0 as PyTorch does (0·inf would be nan).
@inline(__always)
func decayed(_ g: Float, _ w: Float, _ wd: Float) -> Float {
    wd == 0 ? g : g + wd * w
}
