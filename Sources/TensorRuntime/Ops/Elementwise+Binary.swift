#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Binary elementwise ops with PyTorch broadcasting: add, sub, mul, div, pow.
//
// A backward that needs the op's result captures `out.detach()` (same storage), never `out`:
// out → gradFn → closure → out would be a retain cycle and leak every graph.

/// out = f(a, b) with broadcasting. Fast paths: same-shape contiguous operands, and one
/// operand holding a single element; otherwise the strided loop.
@inline(__always) @usableFromInline
func binaryMap(_ a: Tensor, _ b: Tensor, op: String, _ f: (Float, Float) -> Float) throws -> Tensor {
    if a.shape == b.shape && a.isContiguous && b.isContiguous {
        let out = try Tensor.uninitialized(like: a, op: op)
        let n = out.count, pa = a.dataPointer, pb = b.dataPointer, po = out.dataPointer
        for i in 0..<n { po[i] = f(pa[i], pb[i]) }
        return out
    }
    if b.count == 1 && b.rank <= a.rank && a.isContiguous {
        let v = b.dataPointer[0]
        return try scalarMap(a, op: op) { f($0, v) }
    }
    if a.count == 1 && a.rank <= b.rank && b.isContiguous {
        let v = a.dataPointer[0]
        return try scalarMap(b, op: op) { f(v, $0) }
    }
    let shape = try broadcastShapes(a.shape, b.shape, op: op)
    let out = try Tensor.uninitialized(shape, op: op)
    let n = out.count
    guard n > 0 else { return out }
    // [.., N] ⊕ [N]-like (a bias): the smaller operand repeats as one block; no index math.
    if a.isContiguous && b.isContiguous {
        let pa = a.dataPointer, pb = b.dataPointer, po = out.dataPointer
        if a.count == n && isTrailingBlock(b.shape, of: shape) {
            let m = b.count
            for start in stride(from: 0, to: n, by: m) {
                let o = po + start, x = pa + start
                for j in 0..<m { o[j] = f(x[j], pb[j]) }
            }
            return out
        }
        if b.count == n && isTrailingBlock(a.shape, of: shape) {
            let m = a.count
            for start in stride(from: 0, to: n, by: m) {
                let o = po + start, y = pb + start
                for j in 0..<m { o[j] = f(pa[j], y[j]) }
            }
            return out
        }
    }
    stridedBinary(shape, a, b, into: out.dataPointer, f)
    return out
}

/// Whether `shape`, without leading 1s, is the tail of `full`: then a contiguous tensor of
/// `shape` broadcast to `full` is one block repeated.
@inlinable
func isTrailingBlock(_ shape: [Int], of full: [Int]) -> Bool {
    var first = 0
    while first < shape.count && shape[first] == 1 { first += 1 }
    let rest = shape.count - first
    guard rest <= full.count else { return false }
    for d in 0..<rest where shape[first + d] != full[full.count - rest + d] { return false }
    return true
}

/// out = f(x) elementwise, as a fresh contiguous tensor of x's shape.
@inline(__always) @usableFromInline
func scalarMap(_ x: Tensor, op: String, _ f: (Float) -> Float) throws -> Tensor {
    let src = try x.contiguousData()
    let out = try Tensor.uninitialized(like: src, op: op)
    let n = out.count, ps = src.dataPointer, po = out.dataPointer
    for i in 0..<n { po[i] = f(ps[i]) }
    return out
}

// MARK: Tensor ⊕ Tensor

/// a + b, broadcasting.
public func add(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryMap(a, b, op: "add") { $0 + $1 }
    guard mustRecord(a, b) else { return out }
    let sa = a.shape, sb = b.shape
    return Tensor.record(out, "add", [a, b]) { g in
        [try reduceBroadcastGrad(g, to: sa), try reduceBroadcastGrad(g, to: sb)]
    }
}

/// a - b, broadcasting.
public func sub(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryMap(a, b, op: "sub") { $0 - $1 }
    guard mustRecord(a, b) else { return out }
    let sa = a.shape, sb = b.shape
    return Tensor.record(out, "sub", [a, b]) { g in
        [try reduceBroadcastGrad(g, to: sa), try reduceBroadcastGrad(scalarMap(g, op: "sub") { -$0 }, to: sb)]
    }
}

/// a * b, broadcasting.
public func mul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryMap(a, b, op: "mul") { $0 * $1 }
    guard mustRecord(a, b) else { return out }
    return Tensor.record(out, "mul", [a, b]) { g in
        [a.requiresGrad ? try reduceBroadcastGrad(binaryMap(g, b, op: "mul") { $0 * $1 }, to: a.shape) : nil,
         b.requiresGrad ? try reduceBroadcastGrad(binaryMap(g, a, op: "mul") { $0 * $1 }, to: b.shape) : nil]
    }
}

/// a / b, broadcasting (IEEE: x/0 is ±inf or nan, as in PyTorch).
public func div(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryMap(a, b, op: "div") { $0 / $1 }
    guard mustRecord(a, b) else { return out }
    let y = out.detach()
    return Tensor.record(out, "div", [a, b]) { g in
        let ga = a.requiresGrad ? try reduceBroadcastGrad(binaryMap(g, b, op: "div") { $0 / $1 }, to: a.shape) : nil
        var gb: Tensor? = nil
        if b.requiresGrad {
            // d(a/b)/db = -(a/b)/b = -out/b
            let t = try binaryMap(y, b, op: "div") { -$0 / $1 }
            gb = try reduceBroadcastGrad(binaryMap(g, t, op: "div") { $0 * $1 }, to: b.shape)
        }
        return [ga, gb]
    }
}

/// a ** b elementwise, broadcasting.
public func pow(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let out = try binaryMap(a, b, op: "pow") { powf($0, $1) }
    guard mustRecord(a, b) else { return out }
    return Tensor.record(out, "pow", [a, b]) { g in
        var ga: Tensor? = nil, gb: Tensor? = nil
        if a.requiresGrad {
            // PyTorch: b * a^(b-1), with 0 where b == 0 (so 0^0 does not produce nan).
            let d = try binaryMap(a, b, op: "pow") { x, e in e == 0 ? 0 : e * powf(x, e - 1) }
            ga = try reduceBroadcastGrad(binaryMap(g, d, op: "pow") { $0 * $1 }, to: a.shape)
        }
        if b.requiresGrad {
            // PyTorch masks a == 0 with b >= 0 to 0 instead of 0 * log(0) = nan.
            let d = try binaryMap(a, b, op: "pow") { x, e in x == 0 && e >= 0 ? 0 : powf(x, e) * logf(x) }
            gb = try reduceBroadcastGrad(binaryMap(g, d, op: "pow") { $0 * $1 }, to: b.shape)
        }
        return [ga, gb]
    }
}

// MARK: Tensor ⊕ scalar (no scalar tensor is built)

/// x + s.
public func add(_ x: Tensor, _ s: Float) throws -> Tensor {
    let out = try scalarMap(x, op: "add") { $0 + s }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "add", [x]) { g in [g] }
}

/// x - s.
public func sub(_ x: Tensor, _ s: Float) throws -> Tensor { try add(x, -s) }

/// s - x.
public func sub(_ s: Float, _ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "sub") { s - $0 }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "sub", [x]) { g in [try scalarMap(g, op: "sub") { -$0 }] }
}

/// x * s.
public func mul(_ x: Tensor, _ s: Float) throws -> Tensor {
    let out = try scalarMap(x, op: "mul") { $0 * s }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "mul", [x]) { g in [try scalarMap(g, op: "mul") { $0 * s }] }
}

/// x / s.
public func div(_ x: Tensor, _ s: Float) throws -> Tensor {
    let out = try scalarMap(x, op: "div") { $0 / s }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "div", [x]) { g in [try scalarMap(g, op: "div") { $0 / s }] }
}

/// s / x.
public func div(_ s: Float, _ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "div") { s / $0 }
    guard mustRecord(x) else { return out }
    let y = out.detach()
    return Tensor.record(out, "div", [x]) { g in
        // d(s/x)/dx = -s/x² = -out/x
        [try binaryMap(g, binaryMap(y, x, op: "div") { -$0 / $1 }, op: "div") { $0 * $1 }]
    }
}

/// x ** e.
public func pow(_ x: Tensor, _ e: Float) throws -> Tensor {
    let out: Tensor
    if e == 2 { out = try scalarMap(x, op: "pow") { $0 * $0 } }
    else if e == 0.5 { out = try scalarMap(x, op: "pow") { $0.squareRoot() } }
    else { out = try scalarMap(x, op: "pow") { powf($0, e) } }
    guard mustRecord(x) else { return out }
    return Tensor.record(out, "pow", [x]) { g in
        if e == 0 { return [try Tensor.filled(x.shape, 0, op: "pow")] }
        let d = try scalarMap(x, op: "pow") { e * powf($0, e - 1) }
        return [try binaryMap(g, d, op: "pow") { $0 * $1 }]
    }
}

/// s ** x.
public func pow(_ s: Float, _ x: Tensor) throws -> Tensor {
    let out = try scalarMap(x, op: "pow") { powf(s, $0) }
    guard mustRecord(x) else { return out }
    let logS = logf(s)
    let y = out.detach()
    return Tensor.record(out, "pow", [x]) { g in
        [try binaryMap(g, y, op: "pow") { s == 0 ? 0 : $0 * $1 * logS }]
    }
}

// MARK: Operators (they throw, as every op: `try a + b`)

public func + (a: Tensor, b: Tensor) throws -> Tensor { try add(a, b) }
public func - (a: Tensor, b: Tensor) throws -> Tensor { try sub(a, b) }
public func * (a: Tensor, b: Tensor) throws -> Tensor { try mul(a, b) }
public func / (a: Tensor, b: Tensor) throws -> Tensor { try div(a, b) }
public func + (a: Tensor, s: Float) throws -> Tensor { try add(a, s) }
public func - (a: Tensor, s: Float) throws -> Tensor { try sub(a, s) }
public func * (a: Tensor, s: Float) throws -> Tensor { try mul(a, s) }
public func / (a: Tensor, s: Float) throws -> Tensor { try div(a, s) }
public func + (s: Float, a: Tensor) throws -> Tensor { try add(a, s) }
public func - (s: Float, a: Tensor) throws -> Tensor { try sub(s, a) }
public func * (s: Float, a: Tensor) throws -> Tensor { try mul(a, s) }
public func / (s: Float, a: Tensor) throws -> Tensor { try div(s, a) }
public prefix func - (a: Tensor) throws -> Tensor { try neg(a) }

extension Tensor {
    public func add(_ other: Tensor) throws -> Tensor { try TensorRuntime.add(self, other) }
    public func sub(_ other: Tensor) throws -> Tensor { try TensorRuntime.sub(self, other) }
    public func mul(_ other: Tensor) throws -> Tensor { try TensorRuntime.mul(self, other) }
    public func div(_ other: Tensor) throws -> Tensor { try TensorRuntime.div(self, other) }
    public func pow(_ other: Tensor) throws -> Tensor { try TensorRuntime.pow(self, other) }
    public func add(_ s: Float) throws -> Tensor { try TensorRuntime.add(self, s) }
    public func sub(_ s: Float) throws -> Tensor { try TensorRuntime.sub(self, s) }
    public func mul(_ s: Float) throws -> Tensor { try TensorRuntime.mul(self, s) }
    public func div(_ s: Float) throws -> Tensor { try TensorRuntime.div(self, s) }
    public func pow(_ e: Float) throws -> Tensor { try TensorRuntime.pow(self, e) }
}
