// Creation ops, plus clone and detach.

/// A tensor of `shape` filled with 0.
public func zeros(_ shape: [Int]) throws -> Tensor { try Tensor.filled(shape, 0, op: "zeros") }

/// A tensor of `shape` filled with 1.
public func ones(_ shape: [Int]) throws -> Tensor { try Tensor.filled(shape, 1, op: "ones") }

/// A tensor of `shape` filled with `value`.
public func full(_ shape: [Int], _ value: Float) throws -> Tensor { try Tensor.filled(shape, value, op: "full") }

/// A contiguous tensor holding `data` in row-major order (`torch.tensor`).
public func tensor(shape: [Int], data: [Float]) throws -> Tensor { try Tensor(shape: shape, data: data) }

/// 0, 1, ..., up to but excluding `end`.
public func arange(_ end: Double) throws -> Tensor { try arange(start: 0, end: end, step: 1) }

/// start, start + step, ... while short of `end`, as torch.arange: ceil((end - start) / step)
/// elements, each computed as start + i * step in double precision, then rounded to float32.
/// With `dtype: .int64` (as torch.arange of whole numbers) the elements are exact integers.
public func arange(start: Double = 0, end: Double, step: Double = 1, dtype: TensorDType = .float32) throws -> Tensor {
    guard start.isFinite && end.isFinite && step.isFinite else {
        throw TensorError("arange", "start (\(start)), end (\(end)) and step (\(step)) must be finite")
    }
    guard step != 0 else { throw TensorError("arange", "step must be nonzero") }
    guard (step > 0 && end >= start) || (step < 0 && end <= start) else {
        throw TensorError("arange", "upper bound and larger bound inconsistent with step sign (start \(start), end \(end), step \(step))")
    }
    let exact = ((end - start) / step).rounded(.up)
    guard exact < Double(Int32.max) else {
        throw TensorError("arange", "\(exact) elements are too many")
    }
    let count = Int(exact)
    if dtype != .float32 {
        let out = try Tensor.uninitialized([count], dtype: .int64, op: "arange")
        let p = out.int64Pointer
        for i in 0..<count { p[i] = Int64(start + Double(i) * step) }
        return try out.to(dtype)
    }
    let out = try Tensor.uninitialized([count], op: "arange")
    let p = out.dataPointer
    for i in 0..<count { p[i] = Float(start + Double(i) * step) }
    return out
}

/// The n×m identity (m defaults to n).
public func eye(_ n: Int, _ m: Int? = nil) throws -> Tensor {
    let cols = m ?? n
    guard n >= 0 && cols >= 0 else { throw TensorError("eye", "sizes must be non-negative, got \(n) and \(cols)") }
    let out = try Tensor.filled([n, cols], 0, op: "eye")
    let p = out.dataPointer
    for i in 0..<Swift.min(n, cols) { p[i &* cols &+ i] = 1 }
    return out
}

/// A contiguous copy that stays in the graph (gradient passes straight through).
public func clone(_ x: Tensor) throws -> Tensor {
    let out = try x.clonedContiguous(op: "clone")
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "clone", [x]) { g in [g] }
}

/// A view of the same storage outside the graph: no gradFn, requiresGrad false.
public func detach(_ x: Tensor) -> Tensor {
    x.viewing(shape: x.shape, strides: x.strides, offset: x.offset)
}

extension Tensor {
    public func clone() throws -> Tensor { try TensorRuntime.clone(self) }
    public func detach() -> Tensor { TensorRuntime.detach(self) }
}
