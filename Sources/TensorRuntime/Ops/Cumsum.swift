// cumsum: running sums along one dimension.

/// Running sums along `dim`, as `torch.cumsum` (accumulated in double, as PyTorch's CPU kernel
/// does for float32). The gradient is the reversed running sum of the output's gradient.
/// x: [A, n, B] → [A, n, B].
public func cumsum(_ x: Tensor, dim: Int) throws -> Tensor {
    let op = "cumsum"
    let d = try normalizeDim(dim, rank: x.rank, op: op)
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

extension Tensor {
    public func cumsum(dim: Int) throws -> Tensor { try TensorRuntime.cumsum(self, dim: dim) }
}
