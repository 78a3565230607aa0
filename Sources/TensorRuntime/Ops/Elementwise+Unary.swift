import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Unary elementwise ops. Each backward is one fused pass over (grad, saved tensor).

/// grad ⊙ f(saved): the shape of every unary backward here (`saved` has grad's shape).
@inline(__always)
func gradMap(_ g: Tensor, _ saved: Tensor, op: String, _ f: (Float, Float) -> Float) throws -> Tensor {
    try binaryMap(g, saved, op: op, f)
}

/// -x.
public func neg(_ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "neg") { -$0 }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "neg", [x]) { g in [try scalarMap(g, op: "neg") { -$0 }] }
}

/// e^x.
public func exp(_ x: Tensor) throws -> Tensor {
    let src = try x.contiguousData()
    let out = try Tensor.uninitialized(like: src, op: "exp")
    attn_exp(src.dataPointer, out.dataPointer, out.count)
    guard mustRecord(x) else { return out }
    let y = out.detach() // not `out`: that would be a retain cycle through its gradFn
    return Tensor.record(out, "exp", [x]) { g in [try gradMap(g, y, op: "exp") { $0 * $1 }] }
}

/// Natural logarithm (log 0 = -inf, log of a negative = nan, as PyTorch).
public func log(_ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "log") { logf($0) }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "log", [x]) { g in [try gradMap(g, x, op: "log") { $0 / $1 }] }
}

/// √x.
public func sqrt(_ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "sqrt") { $0.squareRoot() }
    guard mustRecord(x) else { return out }
    let y = out.detach() // not `out`: that would be a retain cycle through its gradFn
    return Tensor.record(out, "sqrt", [x]) { g in [try gradMap(g, y, op: "sqrt") { $0 / (2 * $1) }] }
}

/// |x|; its gradient at 0 is 0, as PyTorch's sign(0).
public func abs(_ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "abs") { Swift.abs($0) }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "abs", [x]) { g in
        [try gradMap(g, x, op: "abs") { gv, v in v > 0 ? gv : (v < 0 ? -gv : 0) }]
    }
}

/// tanh(x).
public func tanh(_ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "tanh") { tanhf($0) }
    guard mustRecord(x) else { return out }
    let y = out.detach() // not `out`: that would be a retain cycle through its gradFn
    return Tensor.record(out, "tanh", [x]) { g in [try gradMap(g, y, op: "tanh") { $0 * (1 - $1 * $1) }] }
}

/// 1 / (1 + e^-x), written so neither branch overflows.
public func sigmoid(_ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "sigmoid") { v in
        if v >= 0 { return 1 / (1 + expf(-v)) }
        let e = expf(v)
        return e / (1 + e)
    }
    guard mustRecord(x) else { return out }
    let y = out.detach() // not `out`: that would be a retain cycle through its gradFn
    return Tensor.record(out, "sigmoid", [x]) { g in [try gradMap(g, y, op: "sigmoid") { $0 * $1 * (1 - $1) }] }
}

/// max(x, 0); nan stays nan as in PyTorch.
public func relu(_ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "relu") { $0 > 0 || $0.isNaN ? $0 : 0 }
    guard mustRecord(x) else { return out }
    // PyTorch's threshold_backward passes the gradient where the result is > 0.
    let y = out.detach()
    return Tensor.record(out, "relu", [x]) { g in [try gradMap(g, y, op: "relu") { $1 > 0 ? $0 : 0 }] }
}

/// Limits x to [min, max] (either bound may be absent, not both). The gradient passes where
/// min <= x <= max, as PyTorch's clamp_backward.
public func clamp(_ x: Tensor, min: Float? = nil, max: Float? = nil) throws -> Tensor {
    guard min != nil || max != nil else {
        throw TensorError("clamp", "at least one of min and max must be given")
    }
    let lo = min ?? -.infinity, hi = max ?? .infinity
    // PyTorch: with min > max every element becomes max.
    let out = try scalarMap(x, op: "clamp") { v in v.isNaN ? v : Swift.min(Swift.max(v, lo), hi) }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "clamp", [x]) { g in
        [try gradMap(g, x, op: "clamp") { gv, v in v >= lo && v <= hi ? gv : 0 }]
    }
}

extension Tensor {
    public func neg() throws -> Tensor { try TensorRuntime.neg(self) }
    public func exp() throws -> Tensor { try TensorRuntime.exp(self) }
    public func log() throws -> Tensor { try TensorRuntime.log(self) }
    public func sqrt() throws -> Tensor { try TensorRuntime.sqrt(self) }
    public func abs() throws -> Tensor { try TensorRuntime.abs(self) }
    public func tanh() throws -> Tensor { try TensorRuntime.tanh(self) }
    public func sigmoid() throws -> Tensor { try TensorRuntime.sigmoid(self) }
    public func relu() throws -> Tensor { try TensorRuntime.relu(self) }
    public func clamp(min: Float? = nil, max: Float? = nil) throws -> Tensor {
        try TensorRuntime.clamp(self, min: min, max: max)
    }
}
