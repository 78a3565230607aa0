extension RNN {
    /// Runs the layers over a sequence, as torch.nn.RNN / GRU / LSTM.
    ///
    /// - `input`: `[T, B, I]`, `[B, T, I]` when `batchFirst`, or unbatched `[T, I]`.
    /// - `h0`, `c0`: `[L·D, B, H]` (unbatched `[L·D, H]`), zeros when nil; `c0` only for LSTM,
    ///   which needs both or neither.
    /// - Returns output `[T, B, D·H]` (`[B, T, D·H]` batch-first, `[T, D·H]` unbatched) and the
    ///   last states `h [L·D, B, H]` and, for LSTM, `c` (both unbatched `[L·D, H]`).
    ///
    /// Each layer projects the whole sequence through W_ih in one product up front; a step then
    /// costs one `[B, H] × [H, G·H]` product and one fused cell update, and the whole
    /// recurrence is one recorded op (see `recurrence`).
    public func forward(_ input: Tensor, h0: Tensor? = nil, c0: Tensor? = nil) throws -> (output: Tensor, h: Tensor, c: Tensor?) {
        let op = typeName.lowercased()
        guard input.rank == 2 || input.rank == 3, input.shape[input.rank - 1] == inputSize else {
            throw TensorError(op, "expected input [T, B, \(inputSize)]\(batchFirst ? " (batch first: [B, T, \(inputSize)])" : "") "
                + "or unbatched [T, \(inputSize)], got \(shapeString(input.shape))")
        }
        if cell == .lstm {
            guard (h0 == nil) == (c0 == nil) else {
                throw TensorError(op, "LSTM needs both initial states (h0, c0) or neither")
            }
        } else if c0 != nil {
            throw TensorError(op, "only LSTM takes a cell state c0")
        }
        let unbatched = input.rank == 2
        let x0 = unbatched ? try input.unsqueeze(1) : (batchFirst ? try input.transpose(0, 1) : input)
        let steps = x0.shape[0], batch = x0.shape[1]
        guard steps > 0 else { throw TensorError(op, "the sequence is empty (input \(shapeString(input.shape)))") }
        let stateShape = [numLayers * directions, batch, hiddenSize]
        func initial(_ state: Tensor?, _ name: String) throws -> Tensor {
            guard let state else { return try Tensor.filled(stateShape, 0, op: op) }
            let expected = unbatched ? [numLayers * directions, hiddenSize] : stateShape
            guard state.shape == expected else {
                throw TensorError(op, "\(name) must have shape \(shapeString(expected)) for input \(shapeString(input.shape)), "
                    + "got \(shapeString(state.shape))")
            }
            return unbatched ? try state.unsqueeze(1) : state
        }
        let hInit = try initial(h0, "h0")
        let cInit = cell == .lstm ? try initial(c0, "c0") : nil

        var x = x0
        var lastH: [Tensor] = [], lastC: [Tensor] = []
        for layer in 0..<numLayers {
            var outputs: [Tensor] = []
            for direction in 0..<directions {
                let slot = layer * directions + direction
                let (h, c, out) = try runDirection(x, layer: layer, direction: direction,
                                                   h: hInit.index([.at(slot)]), c: cInit?.index([.at(slot)]))
                outputs.append(out)
                lastH.append(h)
                if let c { lastC.append(c) }
            }
            x = outputs.count == 1 ? outputs[0] : try cat(outputs, dim: 2)
            if training && dropout > 0 && layer < numLayers - 1 {
                x = try TensorRuntime.dropout(x, p: dropout, training: true)
            }
        }
        var output = x, h = try stackedStates(lastH)
        var c = cell == .lstm ? try stackedStates(lastC) : nil
        if unbatched {
            output = try output.squeeze(1)
            h = try h.squeeze(1)
            c = try c?.squeeze(1)
        } else if batchFirst {
            output = try output.transpose(0, 1)
        }
        return (output, h, c)
    }

    /// One direction of one layer over `x [T, B, I_k]`: returns its last h (and c) `[B, H]`
    /// and its outputs `[T, B, H]` in time order (the reverse direction walks T-1...0).
    /// The input projection of all steps is one product; the recurrence one primitive.
    private func runDirection(_ x: Tensor, layer: Int, direction: Int, h: Tensor,
                              c: Tensor?) throws -> (Tensor, Tensor?, Tensor) {
        let (wIH, wHH, bIH, bHH) = weights(layer: layer, direction: direction)
        let reverse = direction == 1
        let states = try recurrence(linear(x, wIH, bIH), h0: h, c0: c, whh: wHH, bhh: bHH, cell: cell, reverse: reverse)
        let last = TensorIndex.at(reverse ? 0 : x.shape[0] - 1)
        guard cell == .lstm else { return (try states.index([last]), nil, states) }
        let hs = try states.index([.at(0)]), cs = try states.index([.at(1)])
        return (try hs.index([last]), try cs.index([last]), hs)
    }

    /// RNN and GRU: `(x, h0?)` → (output, h_n). See `forward`.
    public func callAsFunction(_ x: Tensor, _ h0: Tensor? = nil) throws -> (output: Tensor, hidden: Tensor) {
        guard cell != .lstm else {
            throw TensorError("lstm", "LSTM takes and returns (h, c): call it with state: (h0, c0) or state: nil")
        }
        let result = try forward(x, h0: h0)
        return (result.output, result.h)
    }

    /// LSTM: `(x, state: (h0, c0)?)` → (output, (h_n, c_n)). See `forward`.
    public func callAsFunction(_ x: Tensor, state: (Tensor, Tensor)?) throws -> (output: Tensor, state: (Tensor, Tensor)) {
        guard cell == .lstm else {
            throw TensorError(typeName.lowercased(), "only LSTM takes a (h0, c0) pair; pass h0 alone")
        }
        let result = try forward(x, h0: state?.0, c0: state?.1)
        guard let c = result.c else { throw TensorError("lstm", "internal: missing cell state") }
        return (result.output, (result.h, c))
    }

    /// `stack(xs, dim: 0)`, but a view for one tensor: a single layer's states cost no copy.
    private func stackedStates(_ xs: [Tensor]) throws -> Tensor {
        xs.count == 1 ? try xs[0].unsqueeze(0) : try stack(xs, dim: 0)
    }
}
