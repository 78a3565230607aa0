/// How a per-sample loss is reduced, as PyTorch's `reduction=` argument.
public enum LossReduction: String {
    case mean, sum, none

    init(_ name: String, op: String) throws {
        guard let value = LossReduction(rawValue: name) else {
            throw TensorError(op, "reduction must be \"mean\", \"sum\" or \"none\", got \"\(name)\"")
        }
        self = value
    }
}

/// Negative log-likelihood, as `F.nll_loss`: `-logp[n, target[n]]` per sample, then reduced.
///
/// - `logp`: log-probabilities `[N, C]` (or `[C]` for one sample).
/// - `target`: whole-number class ids `[N]` (or `[]`), each in `0..<C`.
/// - Returns `[]` for "mean" and "sum", `[N]` (or `[]`) for "none".
///
/// One primitive rather than a gather plus a mean: its backward writes one value per row.
public func nllLoss(_ logp: Tensor, _ target: Tensor, reduction: String = "mean") throws -> Tensor {
    let op = "nll_loss"
    let mode = try LossReduction(reduction, op: op)
    let batched = logp.rank == 2
    guard logp.rank == 1 || batched else {
        throw TensorError(op, "expected log-probabilities [N, C] or [C], got \(shapeString(logp.shape))")
    }
    let rows = batched ? logp.shape[0] : 1
    let classes = batched ? logp.shape[1] : logp.shape[0]
    guard target.shape == (batched ? [rows] : []) else {
        throw TensorError(op, "target of shape \(shapeString(target.shape)) does not fit input \(shapeString(logp.shape)) "
            + "(expected \(batched ? shapeString([rows]) : "[]"))")
    }
    let ids = try classIds(target, classes: classes, op: op)
    let input = try logp.contiguousData()
    defer { withExtendedLifetime(input) {} }
    let x = input.dataPointer
    let perSample = try Tensor.uninitialized(batched ? [rows] : [], op: op)
    let ps = perSample.dataPointer
    for n in 0..<rows { ps[n] = -x[n &* classes &+ ids[n]] }
    let out: Tensor
    switch mode {
    case .none: out = perSample
    case .sum, .mean:
        var total: Float = 0
        for n in 0..<rows { total += ps[n] }
        // PyTorch's mean over zero samples is nan (0/0); so is this.
        out = Tensor.scalar(mode == .mean ? total / Float(rows) : total)
    }
    let inputShape = logp.shape
    return Tensor.record(out, op, [logp]) { grad in
        let g = try grad.contiguousData()
        let dInput = try Tensor.filled(inputShape, 0, op: op)
        let d = dInput.dataPointer, gp = g.dataPointer
        for n in 0..<rows {
            let scale: Float
            switch mode {
            case .none: scale = gp[n]
            case .sum: scale = gp[0]
            case .mean: scale = gp[0] / Float(rows)
            }
            d[n &* classes &+ ids[n]] = -scale
        }
        withExtendedLifetime(g) {}
        return [dInput]
    }
}

/// Cross-entropy of raw scores, as `F.cross_entropy`: `nllLoss(logSoftmax(logits, dim: class), target)`.
///
/// - `logits`: `[N, C]` or `[C]`; `target`: class ids `[N]` or `[]`.
public func crossEntropy(_ logits: Tensor, _ target: Tensor, reduction: String = "mean") throws -> Tensor {
    guard logits.rank == 1 || logits.rank == 2 else {
        throw TensorError("cross_entropy", "expected logits [N, C] or [C], got \(shapeString(logits.shape))")
    }
    return try nllLoss(logSoftmax(logits, dim: -1), target, reduction: reduction)
}

/// Validated class ids of a float tensor of whole numbers.
func classIds(_ target: Tensor, classes: Int, op: String) throws -> [Int] {
    let values = target.toArray()
    var ids: [Int] = []
    ids.reserveCapacity(values.count)
    for (i, v) in values.enumerated() {
        // The range check comes first so that Int(v) never sees nan, inf or a huge value.
        guard v >= 0, v < Float(classes), v == v.rounded() else {
            throw TensorError(op, "target \(i) is \(v); class ids must be whole numbers from 0 to \(classes - 1)")
        }
        ids.append(Int(v))
    }
    return ids
}
