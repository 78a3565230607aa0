// cumsum: running sums along one dimension.

/// Running sums along `dim`, as `torch.cumsum` (float32 accumulated in double, as PyTorch's CPU
/// kernel does; int64 and bool give exact int64 sums). The gradient is the reversed running sum of the output's gradient.
/// x: [A, n, B] → [A, n, B].
public func cumsum(_ x: Tensor, dim: Int) throws -> Tensor {
    let op = "cumsum"
    let d = try normalizeDim(dim, rank: x.rank, op: op)
    if x.dtype != .float32 { return try integerCumsum(x, dim: d) }
    let split = try DimSplit(x, dim: d)
    let out = try Tensor.uninitialized(x.shape, op: op)
    runningSums(split.data.dataPointer, into: out.dataPointer, outer: split.outer, n: split.n,
                inner: split.inner, reversed: false)
    withExtendedLifetime(split) {}
    guard mustRecord(x) else { return out }
    return Tensor.record(out, op, [x]) { g in
        let gs = try DimSplit(g, dim: d)
        let gx = try Tensor.uninitialized(gs.data.shape, op: op)
        runningSums(gs.data.dataPointer, into: gx.dataPointer, outer: gs.outer, n: gs.n,
                    inner: gs.inner, reversed: true)
        withExtendedLifetime(gs) {}
        return [gx]
    }
}

/// out[o, j, i] = Σ src[o, k, i] over k ≤ j (or k ≥ j when reversed), for contiguous buffers.
func runningSums(_ src: UnsafeMutablePointer<Float>, into dst: UnsafeMutablePointer<Float>,
                 outer: Int, n: Int, inner: Int, reversed: Bool) {
    for o in 0..<outer {
        for i in 0..<inner {
            let base = o &* n &* inner &+ i
            var acc: Double = 0
            for step in 0..<n {
                let j = reversed ? n &- 1 &- step : step
                acc += Double(src[base &+ j &* inner])
                dst[base &+ j &* inner] = Float(acc)
            }
        }
    }
}

/// cumsum of an int64 or bool tensor: int64 running sums, exact (as PyTorch's).
func integerCumsum(_ x: Tensor, dim d: Int) throws -> Tensor {
    let values = x.int64Values()
    let outer = x.rank == 0 ? 1 : x.shape[..<d].reduce(1, &*)
    let n = x.rank == 0 ? 1 : x.shape[d]
    let inner = x.rank == 0 ? 1 : x.shape[(d + 1)...].reduce(1, &*)
    let out = try Tensor.uninitialized(x.shape, dtype: .int64, op: "cumsum")
    let p = out.int64Pointer
    for o in 0..<outer {
        for i in 0..<inner {
            var acc: Int64 = 0
            for j in 0..<n {
                let at = (o &* n &+ j) &* inner &+ i
                acc &+= values[at]
                p[at] = acc
            }
        }
    }
    return out
}

extension Tensor {
    public func cumsum(dim: Int) throws -> Tensor { try TensorRuntime.cumsum(self, dim: dim) }
}
