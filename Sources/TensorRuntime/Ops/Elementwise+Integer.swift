#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Operators that PyTorch defines on integer and bool tensors: `~ & |` (logical on bool, bitwise
// on int64) and the float32 kernels of `//` and `%` (the int64 ones are in the promotion file).

/// `~x`: logical not of a bool tensor, bitwise not of an int64 one.
public func bitwiseNot(_ x: Tensor) throws -> Tensor {
    switch x.dtype {
    case .bool: return try scalarMap(x.retagged(.float32), op: "bitwise_not") { $0 != 0 ? 0 : 1 }.retagged(.bool)
    case .int64: return try Tensor.int64(shape: x.shape, data: x.int64Values().map { ~$0 }, op: "bitwise_not")
    case .float32: throw TensorError("bitwise_not", "~ is only defined for bool and int64 tensors, got float32 (compare first, e.g. ~(x > 0), or use x.bool())")
    }
}

/// `a & b`: logical and of bool tensors, bitwise and when either is int64.
public func bitwiseAnd(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try bitwise(a, b, op: "bitwise_and", symbol: "&", { $0 & $1 }) { $0 != 0 && $1 != 0 }
}

/// `a | b`: logical or of bool tensors, bitwise or when either is int64.
public func bitwiseOr(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try bitwise(a, b, op: "bitwise_or", symbol: "|", { $0 | $1 }) { $0 != 0 || $1 != 0 }
}

private func bitwise(_ a: Tensor, _ b: Tensor, op: String, symbol: String,
                     _ integer: (Int64, Int64) -> Int64, _ logical: (Float, Float) -> Bool) throws -> Tensor {
    guard a.dtype != .float32 && b.dtype != .float32 else {
        throw TensorError(op, "\(symbol) is only defined for bool and int64 tensors, got \(a.dtype.name) and \(b.dtype.name)")
    }
    if a.dtype == .bool && b.dtype == .bool {
        return try binaryMap(a.retagged(.float32), b.retagged(.float32), op: op) { logical($0, $1) ? 1 : 0 }.retagged(.bool)
    }
    return try int64Map(a, b, op: op) { integer($0, $1) }
}

/// Floor division of float32 tensors, `floor(a / b)` as torch.floor_divide; no gradient (PyTorch
/// defines none).
public func floorDivide(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    try binaryMap(a.detach(), b.detach(), op: "floor_divide", floorDivFloat)
}

/// c10's div_floor_floating: the quotient of the floored remainder, nudged where rounding of
/// (x - r) / y would land a hair off a whole number.
@inline(__always)
func floorDivFloat(_ x: Float, _ y: Float) -> Float {
    if y == 0 { return x / y }
    let r = fmodf(x, y)
    var q = (x - r) / y
    if r != 0 && (y < 0) != (r < 0) { q -= 1 }
    guard q != 0 else { return copysignf(0, x / y) }
    var f = q.rounded(.down)
    if q - f > 0.5 { f += 1 }
    return f
}

/// `a % b` of float32 tensors with the sign of the divisor, as Python and torch.remainder.
/// Gradients: d/da = 1, d/db = -floor(a / b).
public func remainder(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryMap(a, b, op: "remainder") { x, y in
        let r = fmodf(x, y)
        return r != 0 && (r < 0) != (y < 0) ? r + y : r
    }
    guard mustRecord(a, b) else { return out }
    return Tensor.record(out, "remainder", [a, b]) { g in
        let q = try floorDivide(a, b)
        return [a.requiresGrad ? try reduceBroadcastGrad(g, to: a.shape) : nil,
                b.requiresGrad ? try reduceBroadcastGrad(mul(g, q).neg(), to: b.shape) : nil]
    }
}

/// masked_fill and where for int64/bool operands or int64 masks: the result keeps the
/// operands' promoted dtype (int64 exactly); float32 results take the float32 kernels.
func typedMaskedFill(_ x: Tensor, _ mask: Tensor, _ value: Float) throws -> Tensor {
    let m = mask.dtype == .int64 ? try mask.to(.bool) : mask
    switch x.dtype {
    case .float32: return try maskedFill(x, m, value)
    case .bool: return try maskedFill(x.retagged(.float32), m, value != 0 ? 1 : 0).retagged(.bool)
    case .int64:
        let fill = try Tensor.int64(shape: [], data: [truncatedInt64(value)], op: "masked_fill")
        return try typedWhere(m, fill, x)
    }
}

func typedWhere(_ mask: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
    let m = mask.dtype == .int64 ? try mask.to(.bool) : mask
    let dtype = TensorDType.promoted(a.dtype, b.dtype)
    switch dtype {
    case .float32: return try `where`(m, a.promotedToFloat(), b.promotedToFloat())
    case .bool: return try `where`(m, a.retagged(.float32), b.retagged(.float32)).retagged(.bool)
    case .int64:
        let shape = try broadcastShapes(try broadcastShapes(m.shape, a.shape, op: "where"), b.shape, op: "where")
        let keep = try m.expand(shape).toArray()
        let x = try a.expand(shape).int64Values(), y = try b.expand(shape).int64Values()
        return try Tensor.int64(shape: shape, data: (0..<keep.count).map { keep[$0] != 0 ? x[$0] : y[$0] }, op: "where")
    }
}
