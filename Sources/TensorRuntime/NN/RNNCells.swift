// Fused GRU and LSTM cell updates. Built from primitives, one GRU step is about a dozen
// recorded ops (slices, sigmoids, products, sums), each with its own allocation and graph
// node; the tutorials run thousands of tiny steps, so the gate arithmetic is one primitive
// with its backward written beside it. The matrix products stay outside (BLAS via matmul).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func sigmoidScalar(_ x: Float) -> Float { 1 / (1 + expf(-x)) }

/// One GRU step from pre-computed projections, as torch.nn.GRU:
/// r = σ(i_r + h_r), z = σ(i_z + h_z), n = tanh(i_n + r ⊙ h_n), h' = (1 - z) ⊙ n + z ⊙ h,
/// where `gi = x W_ihᵀ + b_ih` and `gh = h W_hhᵀ + b_hh` are `[B, 3H]` in gate order r, z, n.
/// `h` is `[B, H]`; returns h' `[B, H]`.
public func gruCell(_ gi: Tensor, _ gh: Tensor, _ h: Tensor) throws -> Tensor {
    guard h.rank == 2, gi.shape == [h.shape[0], 3 * h.shape[1]], gh.shape == gi.shape else {
        throw TensorError("gru_cell", "expected gates [B, 3H] and hidden [B, H], got input gates \(shapeString(gi.shape)), "
            + "hidden gates \(shapeString(gh.shape)), hidden \(shapeString(h.shape))")
    }
    let batch = h.shape[0], hidden = h.shape[1]
    let giData = try gi.contiguousData(), ghData = try gh.contiguousData(), hData = try h.contiguousData()
    let out = try Tensor.uninitialized([batch, hidden], op: "gru_cell")
    // r, z, n per row, kept for backward.
    let saved = try Tensor.uninitialized([batch, 3 * hidden], op: "gru_cell")
    let a = giData.dataPointer, b = ghData.dataPointer, hp = hData.dataPointer
    let o = out.dataPointer, s = saved.dataPointer
    for row in 0..<batch {
        let g = row &* 3 &* hidden, k = row &* hidden
        for j in 0..<hidden {
            let r = sigmoidScalar(a[g &+ j] + b[g &+ j])
            let z = sigmoidScalar(a[g &+ hidden &+ j] + b[g &+ hidden &+ j])
            let n = tanhf(a[g &+ 2 &* hidden &+ j] + r * b[g &+ 2 &* hidden &+ j])
            s[g &+ j] = r
            s[g &+ hidden &+ j] = z
            s[g &+ 2 &* hidden &+ j] = n
            o[k &+ j] = (1 - z) * n + z * hp[k &+ j]
        }
    }
    // The raw pointers above do not keep possibly temporary contiguous copies alive.
    withExtendedLifetime((giData, ghData, hData)) {}
    return Tensor.record(out, "gru_cell", [gi, gh, h]) { grad in
        // Pointers are taken again from the captured tensors, which keep the buffers alive.
        let s = saved.dataPointer, b = ghData.dataPointer, hp = hData.dataPointer
        let gradData = try grad.contiguousData()
        let dOut = gradData.dataPointer
        let dGi = try Tensor.uninitialized(gi.shape, op: "gru_cell")
        let dGh = try Tensor.uninitialized(gh.shape, op: "gru_cell")
        let dH = try Tensor.uninitialized(h.shape, op: "gru_cell")
        let dgi = dGi.dataPointer, dgh = dGh.dataPointer, dh = dH.dataPointer
        for row in 0..<batch {
            let g = row &* 3 &* hidden, k = row &* hidden
            for j in 0..<hidden {
                let r = s[g &+ j], z = s[g &+ hidden &+ j], n = s[g &+ 2 &* hidden &+ j]
                let d = dOut[k &+ j]
                dh[k &+ j] = d * z
                let dz = d * (hp[k &+ j] - n) * z * (1 - z)
                let dn = d * (1 - z) * (1 - n * n)
                let hn = b[g &+ 2 &* hidden &+ j]
                let dr = dn * hn * r * (1 - r)
                dgi[g &+ j] = dr; dgh[g &+ j] = dr
                dgi[g &+ hidden &+ j] = dz; dgh[g &+ hidden &+ j] = dz
                dgi[g &+ 2 &* hidden &+ j] = dn; dgh[g &+ 2 &* hidden &+ j] = dn * r
            }
        }
        withExtendedLifetime(gradData) {}
        return [dGi, dGh, dH]
    }
}

/// One LSTM step from pre-computed projections, as torch.nn.LSTM:
/// gates = gi + gh `[B, 4H]` in order i, f, g, o; c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g);
/// h' = σ(o) ⊙ tanh(c'). `c` is `[B, H]`. Returns `[2, B, H]` holding h' then c' (one tensor so
/// that one backward sees both gradients; take them apart with `index([.at(0)])`, `.at(1)`).
public func lstmCell(_ gi: Tensor, _ gh: Tensor, _ c: Tensor) throws -> Tensor {
    guard c.rank == 2, gi.shape == [c.shape[0], 4 * c.shape[1]], gh.shape == gi.shape else {
        throw TensorError("lstm_cell", "expected gates [B, 4H] and cell [B, H], got input gates \(shapeString(gi.shape)), "
            + "hidden gates \(shapeString(gh.shape)), cell \(shapeString(c.shape))")
    }
    let batch = c.shape[0], hidden = c.shape[1]
    let giData = try gi.contiguousData(), ghData = try gh.contiguousData(), cData = try c.contiguousData()
    let out = try Tensor.uninitialized([2, batch, hidden], op: "lstm_cell")
    // σ(i), σ(f), tanh(g), σ(o), tanh(c') per row, kept for backward (not `out` itself: the
    // closure capturing its own output would be a reference cycle).
    let saved = try Tensor.uninitialized([batch, 5 * hidden], op: "lstm_cell")
    let a = giData.dataPointer, b = ghData.dataPointer, cp = cData.dataPointer
    let o = out.dataPointer, s = saved.dataPointer
    let cellOffset = batch &* hidden
    for row in 0..<batch {
        let g = row &* 4 &* hidden, k = row &* hidden, sg = row &* 5 &* hidden
        for j in 0..<hidden {
            let ig = sigmoidScalar(a[g &+ j] + b[g &+ j])
            let fg = sigmoidScalar(a[g &+ hidden &+ j] + b[g &+ hidden &+ j])
            let gg = tanhf(a[g &+ 2 &* hidden &+ j] + b[g &+ 2 &* hidden &+ j])
            let og = sigmoidScalar(a[g &+ 3 &* hidden &+ j] + b[g &+ 3 &* hidden &+ j])
            s[sg &+ j] = ig; s[sg &+ hidden &+ j] = fg; s[sg &+ 2 &* hidden &+ j] = gg; s[sg &+ 3 &* hidden &+ j] = og
            let cNew = fg * cp[k &+ j] + ig * gg
            let tc = tanhf(cNew)
            s[sg &+ 4 &* hidden &+ j] = tc
            o[cellOffset &+ k &+ j] = cNew
            o[k &+ j] = og * tc
        }
    }
    withExtendedLifetime((giData, ghData, cData)) {}
    return Tensor.record(out, "lstm_cell", [gi, gh, c]) { grad in
        let s = saved.dataPointer, cp = cData.dataPointer
        let gradData = try grad.contiguousData()
        let dOut = gradData.dataPointer
        let dGates = try Tensor.uninitialized(gi.shape, op: "lstm_cell")
        let dC = try Tensor.uninitialized(c.shape, op: "lstm_cell")
        let dg = dGates.dataPointer, dc = dC.dataPointer
        for row in 0..<batch {
            let g = row &* 4 &* hidden, k = row &* hidden, sg = row &* 5 &* hidden
            for j in 0..<hidden {
                let ig = s[sg &+ j], fg = s[sg &+ hidden &+ j], gg = s[sg &+ 2 &* hidden &+ j]
                let og = s[sg &+ 3 &* hidden &+ j], tc = s[sg &+ 4 &* hidden &+ j]
                let dhNew = dOut[k &+ j]
                let dcNew = dOut[cellOffset &+ k &+ j] + dhNew * og * (1 - tc * tc)
                dg[g &+ j] = dcNew * gg * ig * (1 - ig)
                dg[g &+ hidden &+ j] = dcNew * cp[k &+ j] * fg * (1 - fg)
                dg[g &+ 2 &* hidden &+ j] = dcNew * ig * (1 - gg * gg)
                dg[g &+ 3 &* hidden &+ j] = dhNew * tc * og * (1 - og)
                dc[k &+ j] = dcNew * fg
            }
        }
        withExtendedLifetime(gradData) {}
        // The gates are gi + gh, so both receive the same gradient (never mutated downstream:
        // accumulation copies).
        return [dGates, dGates, dC]
    }
}
