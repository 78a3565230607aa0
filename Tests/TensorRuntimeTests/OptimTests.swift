import XCTest
import TensorRuntime
import TestSupport

final class OptimTests: XCTestCase {
    /// SGD (plain; momentum with weight decay) and Adam (defaults; betas, eps and weight decay)
    /// follow PyTorch's parameter trajectories over six steps. The gradient is set by hand to
    /// g = A ⊙ p + B, as in the fixture script, and parameter 1 gets none on step 2.
    func testTrajectoriesMatchPyTorch() throws {
        let json = try NNFixture.load("nn_optim.json")
        let initial = try (try XCTUnwrap(json["init"] as? [Any])).map(Fixture.tensor)
        let a = try (try XCTUnwrap(json["A"] as? [Any])).map(Fixture.tensor)
        let b = try (try XCTUnwrap(json["B"] as? [Any])).map(Fixture.tensor)
        for c in try NNFixture.cases(json) {
            let kind = try NNFixture.string(c, "kind")
            let options = try XCTUnwrap(c["options"] as? [String: Any])
            func option(_ key: String, _ fallback: Float) -> Float { (options[key] as? Double).map(Float.init) ?? fallback }
            let context = "\(kind) \(options)"
            let params = try initial.map { p -> Tensor in
                let copy = try p.clone()
                copy.requiresGrad = true
                return copy
            }
            let optimizer: Optimizer
            if kind == "sgd" {
                optimizer = try SGD(params: params, lr: option("lr", 0), momentum: option("momentum", 0),
                                    weightDecay: option("weight_decay", 0))
            } else {
                let betas = (options["betas"] as? [Double]).map { (Float($0[0]), Float($0[1])) } ?? (0.9, 0.999)
                optimizer = try Adam(params: params, lr: option("lr", 0.001), betas: betas, eps: option("eps", 1e-8),
                                     weightDecay: option("weight_decay", 0))
            }
            let trajectory = try XCTUnwrap(c["trajectory"] as? [[Any]])
            for (step, expected) in trajectory.enumerated() {
                optimizer.zeroGrad()
                XCTAssertNil(params[0].grad, "zeroGrad sets gradients to nil")
                for (i, p) in params.enumerated() where !(i == 1 && step == 2) {
                    p.grad = try GradMode.withoutGrad { try a[i] * p + b[i] }
                }
                try optimizer.step()
                for (i, p) in params.enumerated() {
                    assertClose(p, try Fixture.tensor(expected[i]), "\(context): parameter \(i) after step \(step + 1)")
                }
            }
        }
    }

    func testClipGradNormMatchesPyTorch() throws {
        for c in try NNFixture.cases(NNFixture.load("nn_optim.json"), "clip") {
            let grads = try (try XCTUnwrap(c["grads"] as? [Any])).map(Fixture.tensor)
            let params = try grads.map { g -> Tensor in
                let p = try Tensor.filled(g.shape, 0)
                p.requiresGrad = true
                p.grad = try g.clone()
                return p
            }
            let maxNorm = Float(try XCTUnwrap(c["max_norm"] as? Double))
            let norm = try clipGradNorm(params, maxNorm: maxNorm)
            XCTAssertEqual(norm, Float(try XCTUnwrap(c["norm"] as? Double)), accuracy: 1e-5 * norm)
            let clipped = try (try XCTUnwrap(c["clipped"] as? [Any])).map(Fixture.tensor)
            for (p, expected) in zip(params, clipped) {
                assertClose(try XCTUnwrap(p.grad), expected, "max_norm \(maxNorm)")
            }
        }
    }

    func testStepsAreInPlaceAndUnrecorded() throws {
        let w = try Tensor(shape: [2], data: [1, 2])
        w.requiresGrad = true
        let view = try w.index([.at(1)])
        let sgd = try SGD(params: [w], lr: 0.5)
        try sum(w * w).backward()
        try sgd.step()
        XCTAssertEqual(w.toArray(), [0, 0])
        XCTAssertEqual(try view.item(), 0, "views of the parameter see the step")
        XCTAssertTrue(w.isLeaf)
        sgd.zeroGrad()
        XCTAssertNil(w.grad)
        try sgd.step()  // no gradients: nothing to do
        XCTAssertEqual(w.toArray(), [0, 0])
    }

    func testRejectsInvalidParametersAndSettings() throws {
        let leaf = try Tensor.filled([2, 3], 1)
        leaf.requiresGrad = true
        XCTAssertThrowsError(try SGD(params: [leaf * 2], lr: 0.1)) { error in
            XCTAssertTrue("\(error)".contains("leaf"), "\(error)")
        }
        XCTAssertThrowsError(try Adam(params: [leaf.t()]))
        XCTAssertThrowsError(try Adam(params: [leaf, leaf]))
        XCTAssertThrowsError(try Adam(params: [leaf], lr: -1))
        XCTAssertThrowsError(try Adam(params: [leaf], betas: (1, 0.9)))
        XCTAssertThrowsError(try SGD(params: [leaf], lr: .nan))
        XCTAssertThrowsError(try clipGradNorm([leaf], maxNorm: -1))
    }
}
