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

/// Negative log-likelihood, as `F.nll_loss`: `-weight[t]·logp[n, t, …]` per element with
/// t = target[n, …], then reduced; elements whose target is `ignoreIndex` count for nothing.
///
/// - `logp`: log-probabilities `[N, C, d1, …]`, `[N, C]` or `[C]`; classes on dimension 1
///   (dimension 0 for `[C]`).
/// - `target`: class ids `[N, d1, …]` (`[N]`, or `[]` for one sample), each in `0..<C` or
///   equal to `ignoreIndex`.
/// - `weight`: one rescaling weight per class `[C]` (no gradient flows to it).
/// - Returns `[]` for "mean" (Σ losses / Σ weights of the counted elements, PyTorch's weighted
///   mean; nan when nothing counts) and "sum"; target's shape for "none".
///
/// One primitive rather than a gather plus a mean: its backward writes one value per element.
public func nllLoss(_ logp: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
                    reduction: String = "mean") throws -> Tensor {
    let op = "nll_loss"
    let mode = try LossReduction(reduction, op: op)
    let logp = try logp.promotedToFloat()
    let layout = try LossLayout(logp, target, op: op)
    let classes = layout.classes
    if let weight, weight.shape != [classes] {
        throw TensorError(op, "weight of shape \(shapeString(weight.shape)) does not fit \(classes) classes (expected [\(classes)])")
    }
    let ids = try classIds(target, classes: classes, ignoreIndex: ignoreIndex, op: op)
    let classWeights = try weight?.promotedToFloat().toArray() ?? [Float](repeating: 1, count: classes)
    // Per element: its weight (0 when ignored) and the position of logp[n, target, i].
    let count = ids.count
    var weights = [Float](repeating: 0, count: count)
    var positions = [Int](repeating: 0, count: count)
    for e in 0..<count where ids[e] != ignoreIndex {
        let (n, i) = (e / layout.inner, e % layout.inner)
        weights[e] = classWeights[ids[e]]
        positions[e] = (n &* classes &+ ids[e]) &* layout.inner &+ i
    }
    let input = try logp.contiguousData()
    let x = input.dataPointer
    let perElement = try Tensor.uninitialized(target.shape, op: op)
    let pe = perElement.dataPointer
    for e in 0..<count { pe[e] = weights[e] == 0 ? 0 : -weights[e] * x[positions[e]] }
    withExtendedLifetime(input) {}
    var totalWeight: Float = 0
    for w in weights { totalWeight += w }
    let out: Tensor
    switch mode {
    case .none: out = perElement
    case .sum, .mean:
        var total: Float = 0
        for e in 0..<count { total += pe[e] }
        // PyTorch's mean over nothing (every target ignored, or no samples) is nan (0/0); so is this.
        out = Tensor.scalar(mode == .mean ? total / totalWeight : total)
    }
    let inputShape = logp.shape
    return Tensor.record(out, op, [logp]) { grad in
        let g = try grad.contiguousData()
        let dInput = try Tensor.filled(inputShape, 0, op: op)
        let d = dInput.dataPointer, gp = g.dataPointer
        for e in 0..<count where weights[e] != 0 {
            let scale: Float
            switch mode {
            case .none: scale = gp[e]
            case .sum: scale = gp[0]
            case .mean: scale = gp[0] / totalWeight
            }
            d[positions[e]] = -weights[e] * scale
        }
        withExtendedLifetime(g) {}
        return [dInput]
    }
}

/// Cross-entropy of raw scores, as `F.cross_entropy`: `nllLoss(logSoftmax(logits, dim: 1),
/// target, …)` with the classes on dimension 1 (dimension 0 for `[C]`).
///
/// - `logits`: `[N, C, d1, …]`, `[N, C]` or `[C]`; `target`: class ids `[N, d1, …]`, `[N]` or `[]`.
public func crossEntropy(_ logits: Tensor, _ target: Tensor, weight: Tensor? = nil, ignoreIndex: Int = -100,
                         reduction: String = "mean") throws -> Tensor {
    _ = try LossLayout(logits, target, op: "cross_entropy")
    let logp = try logSoftmax(logits.promotedToFloat(), dim: logits.rank == 1 ? 0 : 1)
    return try nllLoss(logp, target, weight: weight, ignoreIndex: ignoreIndex, reduction: reduction)
}

/// Mean squared error, as `F.mse_loss`: `(input − target)²` elementwise (the two broadcast
/// together), then reduced. Gradients flow to both.
public func mseLoss(_ input: Tensor, _ target: Tensor, reduction: String = "mean") throws -> Tensor {
    let mode = try LossReduction(reduction, op: "mse_loss")
    _ = try broadcastShapes(input.shape, target.shape, op: "mse_loss")
    let diff = try sub(input, target)
    let squared = try mul(diff, diff)
    switch mode {
    case .none: return squared
    case .sum: return try sum(squared)
    case .mean: return try mean(squared)
    }
}

/// The [N, C, inner] reading of a loss input and the check that the target fits it.
struct LossLayout {
    let classes: Int
    let inner: Int

    init(_ input: Tensor, _ target: Tensor, op: String) throws {
        guard input.rank >= 1 else {
            throw TensorError(op, "expected input [N, C, d1, …], [N, C] or [C], got a 0-dimensional tensor")
        }
        var expected = input.shape
        expected.remove(at: input.rank == 1 ? 0 : 1)
        guard target.shape == expected else {
            throw TensorError(op, "target of shape \(shapeString(target.shape)) does not fit input \(shapeString(input.shape)) "
                + "(expected \(shapeString(expected)): the input's shape without its class dimension)")
        }
        classes = input.rank == 1 ? input.shape[0] : input.shape[1]
        inner = input.rank <= 2 ? 1 : input.shape[2...].reduce(1, &*)
    }
}

/// Validated class ids of a tensor of whole numbers: each in 0..<classes or `ignoreIndex`.
func classIds(_ target: Tensor, classes: Int, ignoreIndex: Int = -100, op: String) throws -> [Int] {
    let values = target.toArray()
    var ids: [Int] = []
    ids.reserveCapacity(values.count)
    for (i, v) in values.enumerated() {
        if v == Float(ignoreIndex) {
            ids.append(ignoreIndex)
            continue
        }
        // The range check comes first so that Int(v) never sees nan, inf or a huge value.
        guard v >= 0, v < Float(classes), v == v.rounded() else {
            throw TensorError(op, "target \(i) is \(v); class ids must be whole numbers from 0 to \(classes - 1) (or ignore_index \(ignoreIndex))")
        }
        ids.append(Int(v))
    }
    return ids
}
