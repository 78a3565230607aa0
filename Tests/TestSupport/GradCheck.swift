import XCTest
import TensorRuntime

/// Deterministic inputs for tests, independent of the runtime's random generator (which other
/// work may change): values in [-1, 1) from a fixed 64-bit LCG.
public func testTensor(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) throws -> Tensor {
    var state = seed &* 6364136223846793005 &+ 1442695040888963407
    let count = shape.reduce(1, *)
    var data = [Float]()
    data.reserveCapacity(count)
    for _ in 0..<count {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        let unit = Float(state >> 40) / Float(1 << 24)
        data.append(low + (high - low) * unit)
    }
    return try Tensor(shape: shape, data: data)
}

/// Checks `backward()` of `f` against central finite differences.
///
/// The scalar checked is L = Σ f(inputs) ⊙ W with fixed pseudo-random weights W, so every
/// output element matters. Each input element is nudged by ±eps (float32 arithmetic, so eps
/// is large enough for the roundoff of L's sum to stay below the tolerance) and the slope
/// compared with the analytic gradient: |analytic - numeric| <= atol + rtol * |numeric|.
/// `inputs[i]` takes part when `differentiable[i]` (default: all).
public func gradCheck(_ name: String, _ inputs: [Tensor], differentiable: [Bool]? = nil,
                      eps: Float = 1e-2, atol: Float = 1e-2, rtol: Float = 1e-2,
                      file: StaticString = #filePath, line: UInt = #line,
                      _ f: ([Tensor]) throws -> Tensor) throws {
    let which = differentiable ?? inputs.map { _ in true }
    let leaves = try inputs.map { try $0.clone().detach() }
    for (leaf, d) in zip(leaves, which) { leaf.requiresGrad = d }
    let output = try f(leaves)
    let weights = try testTensor(output.shape, seed: 977, low: -1, high: 1)
    try sum(mul(output, weights)).backward()

    // L(inputs) in double precision, without recording.
    func loss() throws -> Double {
        try GradMode.withoutGrad {
            let o = try f(leaves).toArray()
            let w = weights.toArray()
            var acc: Double = 0
            for (a, b) in zip(o, w) { acc += Double(a) * Double(b) }
            return acc
        }
    }
    for (i, leaf) in leaves.enumerated() where which[i] {
        guard let grad = leaf.grad?.toArray() else {
            XCTFail("\(name): input \(i) got no gradient", file: file, line: line)
            continue
        }
        let p = leaf.dataPointer
        for j in 0..<leaf.count {
            let saved = p[j]
            p[j] = saved + eps
            let up = try loss()
            p[j] = saved - eps
            let down = try loss()
            p[j] = saved
            let numeric = Float((up - down) / Double(2 * eps))
            let analytic = grad[j]
            if !(Swift.abs(analytic - numeric) <= atol + rtol * Swift.abs(numeric)) {
                XCTFail("\(name): input \(i) element \(j): backward gives \(analytic), finite differences \(numeric)",
                        file: file, line: line)
                return
            }
        }
    }
}
