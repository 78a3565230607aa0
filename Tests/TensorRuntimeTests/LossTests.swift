import XCTest
import TensorRuntime
import TestSupport

final class LossTests: XCTestCase {
    /// nll_loss and cross_entropy for each reduction, batched [N, C] and single [C] inputs:
    /// values and gradients of sum(loss ⊙ R).
    func testMatchesPyTorch() throws {
        for c in try NNFixture.cases(NNFixture.load("nn_loss.json")) {
            let reduction = try NNFixture.string(c, "reduction")
            let logp = try NNFixture.leaf(c["logp"]), logits = try NNFixture.leaf(c["logits"])
            let target = try Fixture.tensor(c["target"])
            let context = "\(reduction) \(logp.shape)"
            let r = try Fixture.tensor(c["r"])
            let nll = try nllLoss(logp, target, reduction: reduction)
            assertClose(nll, try Fixture.tensor(c["nll"]), "\(context): nll")
            try weightedSum(nll, r).backward()
            assertClose(try XCTUnwrap(logp.grad), try Fixture.tensor(c["grad_logp"]), "\(context): nll grad")
            let ce = try crossEntropy(logits, target, reduction: reduction)
            assertClose(ce, try Fixture.tensor(c["cross_entropy"]), "\(context): cross entropy")
            try weightedSum(ce, r).backward()
            assertClose(try XCTUnwrap(logits.grad), try Fixture.tensor(c["grad_logits"]), "\(context): cross entropy grad")
        }
    }

    func testRejectsBadTargetsAndShapes() throws {
        let logp = try Tensor.filled([2, 3], -1)
        for bad: Float in [3, -1, 0.5, .nan, .infinity, 1e30] {
            XCTAssertThrowsError(try nllLoss(logp, Tensor(shape: [2], data: [0, bad])), "target \(bad)")
        }
        XCTAssertThrowsError(try nllLoss(logp, Tensor(shape: [3], data: [0, 1, 2]))) { error in
            XCTAssertTrue("\(error)".contains("[3]") && "\(error)".contains("[2, 3]"), "\(error)")
        }
        XCTAssertThrowsError(try nllLoss(logp, Tensor(shape: [2], data: [0, 1]), reduction: "avg"))
        XCTAssertThrowsError(try crossEntropy(Tensor.filled([2, 3, 4], 0), Tensor(shape: [2], data: [0, 1])))
        XCTAssertEqual(try nllLoss(logp, Tensor(shape: [2], data: [0, 2])).item(), 1)
    }
}
