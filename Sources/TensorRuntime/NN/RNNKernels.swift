// Gate arithmetic of one recurrent step over raw row-major buffers, forward and backward,
// for the whole-sequence recurrence (RNN+Sequence.swift). Fused because, built from
// primitives, one GRU step is about a dozen ops (slices, sigmoids, products, sums) with
// their allocations. Row b of a `[B, k·H]` buffer starts at b·k·H; gates are laid out as
// PyTorch's weights are (GRU r, z, n; LSTM i, f, g, o).

import CKernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

typealias FloatPointer = UnsafeMutablePointer<Float>

/// tanh by Eigen's [13/6] rational approximation: within 7 ulp (relative error < 4e-7) of the
/// exact value over all floats, and about 5× faster than glibc's `tanhf`, which dominated the
/// cell updates. Small inputs return x itself (exact to float precision there).
@inline(__always) func fastTanh(_ x: Float) -> Float {
    if Swift.abs(x) < 0.0004 { return x }
    let clamp: Float = 7.90531110763549805
    let v = Swift.min(Swift.max(x, -clamp), clamp)
    let v2 = v * v
    var p: Float = -2.76076847742355e-16
    p = p * v2 + 2.00018790482477e-13
    p = p * v2 - 8.60467152213735e-11
    p = p * v2 + 5.12229709037114e-08
    p = p * v2 + 1.48572235717979e-05
    p = p * v2 + 6.37261928875436e-04
    p = p * v2 + 4.89352455891786e-03
    var q: Float = 1.19825839466702e-06
    q = q * v2 + 1.18534705686654e-04
    q = q * v2 + 2.26843463243900e-03
    q = q * v2 + 4.89352518554385e-03
    return v * p / q
}

enum CellKernel {
    /// h' = tanh(gi + gh) or relu(gi + gh) over `count` elements.
    static func plainForward(_ gi: FloatPointer, _ gh: FloatPointer, _ out: FloatPointer, count: Int, relu: Bool) {
        if relu {
            for i in 0..<count { out[i] = Swift.max(gi[i] + gh[i], 0) }
        } else {
            for i in 0..<count { out[i] = fastTanh(gi[i] + gh[i]) }
        }
    }

    /// d(pre-activation) from d(h') and h'; it is the gradient of both gi and gh.
    static func plainBackward(_ dOut: FloatPointer, _ out: FloatPointer, _ dGates: FloatPointer, count: Int, relu: Bool) {
        if relu {
            for i in 0..<count { dGates[i] = out[i] > 0 ? dOut[i] : 0 }
        } else {
            for i in 0..<count { dGates[i] = dOut[i] * (1 - out[i] * out[i]) }
        }
    }

    /// GRU: `gi`, `gh` `[B, 3H]`, `hPrev` `[B, H]` → `out` `[B, H]`; keeps r, z, n in `saved` `[B, 3H]`.
    static func gruForward(_ gi: FloatPointer, _ gh: FloatPointer, _ hPrev: FloatPointer, _ out: FloatPointer,
                           _ saved: FloatPointer, batch: Int, hidden: Int) {
        for row in 0..<batch {
            let g = row &* 3 &* hidden, k = row &* hidden
            // r and z, side by side in `saved`, through the vectorised sigmoid.
            for j in 0..<2 &* hidden { saved[g &+ j] = gi[g &+ j] + gh[g &+ j] }
            attn_sigmoid(saved + g, saved + g, 2 &* hidden)
            for j in 0..<hidden {
                let r = saved[g &+ j], z = saved[g &+ hidden &+ j]
                let n = fastTanh(gi[g &+ 2 &* hidden &+ j] + r * gh[g &+ 2 &* hidden &+ j])
                saved[g &+ 2 &* hidden &+ j] = n
                out[k &+ j] = (1 - z) * n + z * hPrev[k &+ j]
            }
        }
    }

    /// GRU backward: from d(h') writes d(gi), d(gh) `[B, 3H]` and the direct part of d(hPrev)
    /// (through z; the part through gh is added by the caller's product with W_hh).
    static func gruBackward(_ dOut: FloatPointer, _ gh: FloatPointer, _ hPrev: FloatPointer, _ saved: FloatPointer,
                            _ dGi: FloatPointer, _ dGh: FloatPointer, _ dHPrev: FloatPointer, batch: Int, hidden: Int) {
        for row in 0..<batch {
            let g = row &* 3 &* hidden, k = row &* hidden
            for j in 0..<hidden {
                let r = saved[g &+ j], z = saved[g &+ hidden &+ j], n = saved[g &+ 2 &* hidden &+ j]
                let d = dOut[k &+ j]
                dHPrev[k &+ j] = d * z
                let dz = d * (hPrev[k &+ j] - n) * z * (1 - z)
                let dn = d * (1 - z) * (1 - n * n)
                let dr = dn * gh[g &+ 2 &* hidden &+ j] * r * (1 - r)
                dGi[g &+ j] = dr; dGh[g &+ j] = dr
                dGi[g &+ hidden &+ j] = dz; dGh[g &+ hidden &+ j] = dz
                dGi[g &+ 2 &* hidden &+ j] = dn; dGh[g &+ 2 &* hidden &+ j] = dn * r
            }
        }
    }

    /// LSTM: gates gi + gh `[B, 4H]`, `cPrev` `[B, H]` → `hOut`, `cOut` `[B, H]`; keeps σ(i), σ(f),
    /// tanh(g), σ(o), tanh(c') in `saved` `[B, 5H]`.
    static func lstmForward(_ gi: FloatPointer, _ gh: FloatPointer, _ cPrev: FloatPointer, _ hOut: FloatPointer,
                            _ cOut: FloatPointer, _ saved: FloatPointer, batch: Int, hidden: Int) {
        for row in 0..<batch {
            let g = row &* 4 &* hidden, k = row &* hidden, sg = row &* 5 &* hidden
            // σ(i), σ(f) and σ(o) in their places in `saved`, through the vectorised sigmoid.
            for j in 0..<2 &* hidden { saved[sg &+ j] = gi[g &+ j] + gh[g &+ j] }
            for j in 3 &* hidden..<4 &* hidden { saved[sg &+ j] = gi[g &+ j] + gh[g &+ j] }
            attn_sigmoid(saved + sg, saved + sg, 2 &* hidden)
            attn_sigmoid(saved + (sg &+ 3 &* hidden), saved + (sg &+ 3 &* hidden), hidden)
            for j in 0..<hidden {
                let ig = saved[sg &+ j], fg = saved[sg &+ hidden &+ j], og = saved[sg &+ 3 &* hidden &+ j]
                let gg = fastTanh(gi[g &+ 2 &* hidden &+ j] + gh[g &+ 2 &* hidden &+ j])
                let cNew = fg * cPrev[k &+ j] + ig * gg
                let tc = fastTanh(cNew)
                saved[sg &+ 2 &* hidden &+ j] = gg
                saved[sg &+ 4 &* hidden &+ j] = tc
                cOut[k &+ j] = cNew
                hOut[k &+ j] = og * tc
            }
        }
    }

    /// LSTM backward: from d(h'), d(c') writes d(gates) `[B, 4H]` (the gradient of gi and of gh)
    /// and d(cPrev) `[B, H]`.
    static func lstmBackward(_ dH: FloatPointer, _ dC: FloatPointer, _ cPrev: FloatPointer, _ saved: FloatPointer,
                             _ dGates: FloatPointer, _ dCPrev: FloatPointer, batch: Int, hidden: Int) {
        for row in 0..<batch {
            let g = row &* 4 &* hidden, k = row &* hidden, sg = row &* 5 &* hidden
            for j in 0..<hidden {
                let ig = saved[sg &+ j], fg = saved[sg &+ hidden &+ j], gg = saved[sg &+ 2 &* hidden &+ j]
                let og = saved[sg &+ 3 &* hidden &+ j], tc = saved[sg &+ 4 &* hidden &+ j]
                let dhNew = dH[k &+ j]
                let dcNew = dC[k &+ j] + dhNew * og * (1 - tc * tc)
                dGates[g &+ j] = dcNew * gg * ig * (1 - ig)
                dGates[g &+ hidden &+ j] = dcNew * cPrev[k &+ j] * fg * (1 - fg)
                dGates[g &+ 2 &* hidden &+ j] = dcNew * ig * (1 - gg * gg)
                dGates[g &+ 3 &* hidden &+ j] = dhNew * tc * og * (1 - og)
                dCPrev[k &+ j] = dcNew * fg
            }
        }
    }
}
