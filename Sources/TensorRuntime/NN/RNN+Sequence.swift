import CKernels

// A whole layer direction as one primitive. Recorded step by step, every step's `h W_hhᵀ`
// would make W_hh an input of T graph nodes, and backward would build and add T full-size
// [G·H, H] gradients; here backward walks the steps with small buffers and forms
// dW_hh = Σ_t dgh_tᵀ h_{t-1} in one product at the end (T = 10, H = 256: ~10× less backward).

/// Runs one direction of one recurrent layer over a sequence.
///
/// - `projected`: `x W_ihᵀ + b_ih` for every step, `[T, B, G·H]` (G gates of H).
/// - `h0`, `c0`: initial states `[B, H]` (`c0` for LSTM only).
/// - `whh` `[G·H, H]`, `bhh` `[G·H]`: the hidden-to-hidden weights.
/// - `reverse`: walk t = T-1 ... 0 (the backward direction of a bidirectional layer).
/// - Returns the hidden states in time order `[T, B, H]`; for LSTM `[2, T, B, H]`: hidden
///   states, then cell states.
func recurrence(_ projected: Tensor, h0: Tensor, c0: Tensor?, whh: Tensor, bhh: Tensor, cell: RNNCell,
                reverse: Bool) throws -> Tensor {
    let op = "rnn"
    let lstm = cell == .lstm
    guard projected.rank == 3, h0.rank == 2, projected.shape[1] == h0.shape[0],
          projected.shape[2] == cell.gates &* h0.shape[1], whh.shape == [projected.shape[2], h0.shape[1]],
          bhh.shape == [projected.shape[2]], !lstm || c0?.shape == h0.shape else {
        throw TensorError(op, "internal: recurrence shapes \(shapeString(projected.shape)), \(shapeString(h0.shape)), "
            + "\(shapeString(whh.shape))")
    }
    let steps = projected.shape[0], batch = projected.shape[1], hidden = h0.shape[1]
    let width = projected.shape[2]
    let p = try projected.contiguousData(), hInit = try h0.contiguousData()
    let cInit = try c0.map { try $0.contiguousData() }
    let w = try whh.contiguousData(), bias = try bhh.contiguousData()
    let stepCount = batch &* hidden, stepWidth = batch &* width
    let out = try Tensor.uninitialized(lstm ? [2, steps, batch, hidden] : [steps, batch, hidden], op: op)
    // h W_hhᵀ + b_hh of every step (GRU's backward reads its n part) and the gate activations.
    let ghAll = try Tensor.uninitialized([steps, batch, width], op: op)
    let savedWidth = cell == .gru ? 3 : (lstm ? 5 : 0)
    let saved = try Tensor.uninitialized([steps, batch, savedWidth &* hidden], op: op)
    let order = reverse ? Array((0..<steps).reversed()) : Array(0..<steps)
    let hs = out.dataPointer, cs = out.dataPointer + steps &* stepCount
    for (k, t) in order.enumerated() {
        try Cancellation.check(op)
        let previous = k == 0 ? nil : Optional(order[k &- 1])
        let hPrev = previous.map { hs + $0 &* stepCount } ?? hInit.dataPointer
        let gh = ghAll.dataPointer + t &* stepWidth, gi = p.dataPointer + t &* stepWidth
        for row in 0..<batch { (gh + row &* width).update(from: bias.dataPointer, count: width) }
        if batch > 0 {
            // gh += h_{t-1} W_hhᵀ; W_hh [G·H, H] read as its transpose.
            gemm(batch, width, hidden, hPrev, MatrixLayout(transposed: false, leading: hidden),
                 w.dataPointer, MatrixLayout(transposed: true, leading: hidden), gh, accumulate: true)
        }
        let h = hs + t &* stepCount, s = saved.dataPointer + t &* batch &* savedWidth &* hidden
        switch cell {
        case .tanh, .relu: CellKernel.plainForward(gi, gh, h, count: stepCount, relu: cell == .relu)
        case .gru: CellKernel.gruForward(gi, gh, hPrev, h, s, batch: batch, hidden: hidden)
        case .lstm:
            let cPrev = previous.map { cs + $0 &* stepCount } ?? (cInit?.dataPointer ?? cs)
            CellKernel.lstmForward(gi, gh, cPrev, h, cs + t &* stepCount, s, batch: batch, hidden: hidden)
        }
    }
    withExtendedLifetime(p) {}
    // A second tensor on the output's storage: capturing `out` itself would be a cycle.
    let states = Tensor(storage: out.storage, shape: out.shape, strides: out.strides, offset: 0)
    let inputs = [projected, h0, whh, bhh] + (c0.map { [$0] } ?? [])
    return Tensor.record(out, op, inputs, accumulating: { grad, sums in
        let g = try grad.contiguousData()
        let dProjected = try Tensor.uninitialized(projected.shape, op: op)
        // Plain and LSTM cells give gi and gh the same gradient; GRU's differ in the n gate.
        let dHidden = cell == .gru ? try Tensor.uninitialized(projected.shape, op: op) : dProjected
        let dh = try Tensor.filled([batch, hidden], 0, op: op)     // d(loss)/d(h_{t-1}) carried back
        let dhStep = try Tensor.uninitialized([batch, hidden], op: op)
        let dc = try Tensor.filled([batch, hidden], 0, op: op)
        let dcStep = try Tensor.uninitialized([batch, hidden], op: op)
        let hPrevAll = try Tensor.uninitialized([steps, batch, hidden], op: op)
        let gp = g.dataPointer, hs = states.dataPointer, cs = states.dataPointer + steps &* stepCount
        for k in stride(from: steps - 1, through: 0, by: -1) {
            try Cancellation.check(op)
            let t = order[k]
            let previous = k == 0 ? nil : Optional(order[k &- 1])
            let hPrev = previous.map { hs + $0 &* stepCount } ?? hInit.dataPointer
            (hPrevAll.dataPointer + t &* stepCount).update(from: hPrev, count: stepCount)
            let dTotal = dhStep.dataPointer, gOut = gp + t &* stepCount
            for i in 0..<stepCount { dTotal[i] = gOut[i] + dh.dataPointer[i] }
            let dGi = dProjected.dataPointer + t &* stepWidth, dGh = dHidden.dataPointer + t &* stepWidth
            let s = saved.dataPointer + t &* batch &* savedWidth &* hidden
            // Only GRU's h_{t-1} reaches h_t other than through gh (via z).
            let directPart = cell == .gru
            switch cell {
            case .tanh, .relu:
                CellKernel.plainBackward(dTotal, hs + t &* stepCount, dGi, count: stepCount, relu: cell == .relu)
            case .gru:
                CellKernel.gruBackward(dTotal, ghAll.dataPointer + t &* stepWidth, hPrev, s, dGi, dGh, dh.dataPointer,
                                       batch: batch, hidden: hidden)
            case .lstm:
                let cPrev = previous.map { cs + $0 &* stepCount } ?? (cInit?.dataPointer ?? cs)
                let dcTotal = dcStep.dataPointer, gCell = gp + (steps &+ t) &* stepCount
                for i in 0..<stepCount { dcTotal[i] = gCell[i] + dc.dataPointer[i] }
                CellKernel.lstmBackward(dTotal, dcTotal, cPrev, s, dGi, dc.dataPointer, batch: batch, hidden: hidden)
            }
            // dh_{t-1} = direct part (GRU's z, none for plain cells) + dgh_t W_hh.
            if batch > 0 {
                gemm(batch, hidden, width, dGh, MatrixLayout(transposed: false, leading: width),
                     w.dataPointer, MatrixLayout(transposed: false, leading: hidden), dh.dataPointer, accumulate: directPart)
            }
        }
        // dW_hh = Σ_t dgh_tᵀ h_{t-1} and db_hh = Σ_t dgh_t over all steps and rows at once. One
        // step of one row (a decoder step) is an outer product and a row: added into the running
        // sums when the backward pass has them, with the roundings of writing out and adding.
        let rows = steps &* batch
        let dgh = dHidden.dataPointer
        var dW: Tensor?, dB: Tensor?
        if rows == 1, let total = sums[2] {
            gemm(width, hidden, 1, dgh, MatrixLayout(transposed: true, leading: width),
                 hPrevAll.dataPointer, MatrixLayout(transposed: false, leading: hidden), total.dataPointer, accumulate: true)
        } else {
            let fresh = try rows > 0 ? Tensor.uninitialized([width, hidden], op: op) : Tensor.filled([width, hidden], 0, op: op)
            if rows > 0 {
                gemm(width, hidden, rows, dgh, MatrixLayout(transposed: true, leading: width),
                     hPrevAll.dataPointer, MatrixLayout(transposed: false, leading: hidden), fresh.dataPointer, accumulate: false)
            }
            dW = fresh
        }
        if rows == 1, let total = sums[3] {
            attn_add(total.dataPointer, dgh, total.dataPointer, width)
        } else {
            let fresh = try Tensor.filled([width], 0, op: op)
            let db = fresh.dataPointer
            for r in 0..<rows {
                let row = dgh + r &* width
                for j in 0..<width { db[j] += row[j] }
            }
            dB = fresh
        }
        withExtendedLifetime(g) {}
        return [dProjected, dh, dW, dB] + (lstm ? [dc] : [])
    })
}
