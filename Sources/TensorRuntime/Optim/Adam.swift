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
            let stepSize = Float(Double(lr) / correction1)
            let correction2Sqrt = Float(correction2.squareRoot())
            update(p.dataPointer, g.dataPointer, state.m.dataPointer, state.v.dataPointer, count: p.count,
                   stepSize: stepSize, correction2Sqrt: correction2Sqrt)
        }
    }

    /// The whole update in one pass over the four buffers, no temporaries: eight lanes at a
    /// time (the compiler does not vectorise the scalar loop, since the four pointers might
    /// alias), then the remainder.
    private func update(_ w: UnsafeMutablePointer<Float>, _ gp: UnsafeMutablePointer<Float>,
                        _ m: UnsafeMutablePointer<Float>, _ v: UnsafeMutablePointer<Float>, count n: Int,
                        stepSize: Float, correction2Sqrt: Float) {
        let wd = weightDecay, b2 = beta2, eps = self.eps
        let weight1 = 1 - beta1, weight2 = 1 - beta2
        // torch.lerp's two formulas, chosen by the weight (1-β1 is almost always below 0.5).
        let lowWeight = weight1 < 0.5
        typealias V = SIMD8<Float>
        var i = 0
        while i &+ 8 <= n {
            var g = V.load(gp + i)
            let wi = V.load(w + i), mOld = V.load(m + i)
            // PyTorch adds nothing when weight_decay is 0 (0·inf would be nan).
            if wd != 0 { g += wd * wi }
            let mi = lowWeight ? mOld + weight1 * (g - mOld) : g - (g - mOld) * (1 - weight1)
            let vi = V.load(v + i) * b2 + g * g * weight2
            mi.store(m + i)
            vi.store(v + i)
            (wi - stepSize * (mi / (vi.squareRoot() / correction2Sqrt + eps))).store(w + i)
            i &+= 8
        }
        while i < n {
            var g = gp[i]
            if wd != 0 { g += wd * w[i] }
            let mi = lowWeight ? m[i] + weight1 * (g - m[i]) : g - (g - m[i]) * (1 - weight1)
            let vi = v[i] * b2 + g * g * weight2
            m[i] = mi
            v[i] = vi
            w[i] -= stepSize * (mi / (vi.squareRoot() / correction2Sqrt + eps))
            i &+= 1
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

extension SIMD8 where Scalar == Float {
    /// Eight floats from `p` (any alignment).
    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }

    /// Writes the eight floats to `p` (any alignment).
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
}
