import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// softmax and log_softmax as fused primitives: one pass per row forward, one backward.
// Stable: each row is shifted by its maximum, so -inf entries get weight 0, and a row that is
// all -inf gives nan (-inf - -inf), as in PyTorch.

/// Calls body(pointer to the row's first element, row length, element stride) for every row of
/// the [outer, n, inner] split of a contiguous tensor.
@inline(__always)
func forEachRow(_ outer: Int, _ n: Int, _ inner: Int, _ base: UnsafeMutablePointer<Float>,
                _ body: (UnsafeMutablePointer<Float>, Int) -> Void) {
    for o in 0..<outer {
        for i in 0..<inner { body(base + (o &* n &* inner &+ i), o &* n &* inner &+ i) }
    }
}

/// exp(x - max) / Σ exp(x - max) along `dim`.
public func softmax(_ x: Tensor, dim: Int) throws -> Tensor {
    let d = try normalizeDim(dim, rank: x.rank, op: "softmax")
    let split = try DimSplit(x, dim: d)
    let out = try Tensor.uninitialized(like: split.data, op: "softmax")
    let (n, s) = (split.n, split.inner)
    let po = out.dataPointer
    if n > 0 {
        forEachRow(split.outer, n, s, split.data.dataPointer) { row, at in
            // A contiguous row (the last dimension) in the vectorised kernel; strided ones here.
            if s == 1 { return attn_softmax_row(row, po + at, n, 0) }
            var m = -Float.infinity
            for k in 0..<n { let v = row[k &* s]; if v > m || v.isNaN { m = v } }
            var total: Float = 0
            let o = po + at
            for k in 0..<n { let e = expf(row[k &* s] - m); o[k &* s] = e; total += e }
            let inv = 1 / total
            for k in 0..<n { o[k &* s] *= inv }
        }
    }
    guard mustRecord(x) else { return out }
    // The closure keeps the result alive through `y`, a storage alias: capturing `out` (or
    // only its raw pointer) would be a retain cycle (or a dangling pointer).
    let y = out.detach()
    return Tensor.record(out, "softmax", [x]) { g in
        // dx = y ⊙ (g - Σ g ⊙ y)
        let gc = try g.contiguousData()
        let gx = try Tensor.uninitialized(like: y, op: "softmax")
        let pg = gc.dataPointer, px = gx.dataPointer, py = y.dataPointer
        if n > 0 {
            forEachRow(split.outer, n, s, py) { row, at in
                var dot: Float = 0
                for k in 0..<n { dot += pg[at &+ k &* s] * row[k &* s] }
                for k in 0..<n { px[at &+ k &* s] = row[k &* s] * (pg[at &+ k &* s] - dot) }
            }
        }
        return [gx]
    }
}

/// x - max - log Σ exp(x - max) along `dim`.
public func logSoftmax(_ x: Tensor, dim: Int) throws -> Tensor {
    let d = try normalizeDim(dim, rank: x.rank, op: "log_softmax")
    let split = try DimSplit(x, dim: d)
    let out = try Tensor.uninitialized(like: split.data, op: "log_softmax")
    let (n, s) = (split.n, split.inner)
    let po = out.dataPointer
    if n > 0 {
        forEachRow(split.outer, n, s, split.data.dataPointer) { row, at in
            if s == 1 { return attn_softmax_row(row, po + at, n, 1) }
            var m = -Float.infinity
            for k in 0..<n { let v = row[k &* s]; if v > m || v.isNaN { m = v } }
            var total: Float = 0
            for k in 0..<n { total += expf(row[k &* s] - m) }
            let shift = m + logf(total)
            let o = po + at
            for k in 0..<n { o[k &* s] = row[k &* s] - shift }
        }
    }
    guard mustRecord(x) else { return out }
    // The closure keeps the result alive through `y`, a storage alias: capturing `out` (or
    // only its raw pointer) would be a retain cycle (or a dangling pointer).
    let y = out.detach()
    return Tensor.record(out, "log_softmax", [x]) { g in
        // dx = g - exp(y) Σ g
        let gc = try g.contiguousData()
        let gx = try Tensor.uninitialized(like: y, op: "log_softmax")
        let pg = gc.dataPointer, px = gx.dataPointer, py = y.dataPointer
        if n > 0 {
            forEachRow(split.outer, n, s, py) { row, at in
                var total: Float = 0
                for k in 0..<n { total += pg[at &+ k &* s] }
                if s == 1 {
                    attn_exp(row, px + at, n)
                    for k in 0..<n { px[at &+ k] = pg[at &+ k] - px[at &+ k] * total }
                } else {
                    for k in 0..<n { px[at &+ k &* s] = pg[at &+ k &* s] - expf(row[k &* s]) * total }
                }
            }
        }
        return [gx]
    }
}

extension Tensor {
    public func softmax(dim: Int) throws -> Tensor { try TensorRuntime.softmax(self, dim: dim) }
    public func logSoftmax(dim: Int) throws -> Tensor { try TensorRuntime.logSoftmax(self, dim: dim) }
}
