import CKernels

/// `torch.optim.Adam` (single-tensor path, amsgrad off), with PyTorch's formulas:
/// g += weightDecay·p (L2); m = lerp(m, g, 1-β1); v = β2·v + (1-β2)·g²;
/// p -= lr/(1-β1ᵗ) · m / (sqrt(v)/sqrt(1-β2ᵗ) + eps). Bias corrections are computed in double,
/// as PyTorch computes them from Python floats.
public final class Adam: Optimizer {
    public let params: [Tensor]
    public var lr: Float
    public let beta1: Float
    public let beta2: Float
    public let eps: Float
    public let weightDecay: Float
    /// Per parameter: first and second moments and step count, created on its first step.
    private var states: [(m: Tensor, v: Tensor, step: Int)?]

    /// Optimises `params` (contiguous leaves, each at most once), PyTorch's defaults.
    public init(params: [Tensor], lr: Float = 0.001, betas: (Float, Float) = (0.9, 0.999), eps: Float = 1e-8,
                weightDecay: Float = 0) throws {
        guard lr.isFinite, lr >= 0 else { throw TensorError("adam", "lr must be a finite number >= 0, got \(lr)") }
        guard betas.0 >= 0, betas.0 < 1, betas.1 >= 0, betas.1 < 1 else {
            throw TensorError("adam", "betas must be in [0, 1), got (\(betas.0), \(betas.1))")
        }
        guard eps.isFinite, eps >= 0 else { throw TensorError("adam", "eps must be >= 0, got \(eps)") }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw TensorError("adam", "weight_decay must be >= 0, got \(weightDecay)")
        }
        self.params = try validatedOptimizerParameters(params, op: "adam")
        self.lr = lr
        beta1 = betas.0
        beta2 = betas.1
        self.eps = eps
        self.weightDecay = weightDecay
        states = Array(repeating: nil, count: params.count)
    }

    public func step() throws {
        for (index, p) in params.enumerated() {
            guard let g = try contiguousGrad(of: p, op: "adam") else { continue }
            defer { withExtendedLifetime(g) {} }  // g may be a temporary copy; its pointer is used below
            var state: (m: Tensor, v: Tensor, step: Int)
            if let existing = states[index] {
                state = existing
            } else {
                state = (try Tensor.filled(p.shape, 0, op: "adam"), try Tensor.filled(p.shape, 0, op: "adam"), 0)
            }
            state.step += 1
            states[index] = state
            let t = Double(state.step)
            let correction1 = 1 - pow(Double(beta1), t)
            let correction2 = 1 - pow(Double(beta2), t)
            // One pass over the four buffers in attn's vectorised kernel (split over two threads
            // when large), the same operations in the same order as PyTorch's single-tensor Adam.
            var settings = attn_adam_settings(
                weight1: 1 - beta1, weight2: 1 - beta2, beta2: beta2, eps: eps, weight_decay: weightDecay,
                step_size: Float(Double(lr) / correction1), correction2_sqrt: Float(correction2.squareRoot()),
                low_weight: 1 - beta1 < 0.5 ? 1 : 0)
            attn_adam_update(p.dataPointer, g.dataPointer, state.m.dataPointer, state.v.dataPointer, p.count, &settings)
        }
    }

    public func zeroGrad() {
        for p in params { p.grad = nil }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
