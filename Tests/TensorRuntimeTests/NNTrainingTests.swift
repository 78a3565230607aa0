import XCTest
import TensorRuntime
import TestSupport

final class NNTrainingTests: XCTestCase {
    /// Embedding → GRU (batch first) → general attention from the last state → Linear on
    /// [context; state] → cross-entropy, with clip_grad_norm and Adam, from PyTorch's initial
    /// parameters: five losses, gradient norms and the final parameters match.
    func testSmallAttentionModelTrainsLikePyTorch() throws {
        let json = try NNFixture.load("nn_train.json")
        let vocab = try NNFixture.int(json, "vocab"), embed = try NNFixture.int(json, "embed")
        let hidden = try NNFixture.int(json, "hidden")
        let embedding = try Embedding(vocab, embed)
        let gru = try RNN(embed, hidden, cell: .gru, batchFirst: true)
        let out = try Linear(2 * hidden, vocab)
        let attention = try Attention(method: .general, hidden: hidden)
        let layers: [(String, Layer)] = [("embedding", embedding), ("gru", gru), ("out", out), ("attention", attention)]
        for (name, value) in try NNFixture.named(json["initial"]) {
            let (prefix, rest) = try XCTUnwrap(name.split(separator: ".", maxSplits: 1).map(String.init).splitPair())
            let layer = try XCTUnwrap(layers.first { $0.0 == prefix }?.1, name)
            try layer.setParameter(rest, value)
        }
        let params = layers.flatMap { $0.1.parameters }
        let src = try Fixture.tensor(json["src"]), target = try Fixture.tensor(json["target"])
        let adam = try Adam(params: params, lr: 0.05)
        let losses = try XCTUnwrap(json["losses"] as? [Double]), norms = try XCTUnwrap(json["norms"] as? [Double])
        for step in 0..<losses.count {
            adam.zeroGrad()
            let (encoded, h) = try gru(embedding(src))
            let q = try h.index([.at(0)])
            let weights = try attention(q, encoded)             // [B, 1, S]
            let context = try matmul(weights, encoded).squeeze(1)  // [B, H]
            let loss = try crossEntropy(out(cat([context, q], dim: -1)), target)
            try loss.backward()
            let norm = try clipGradNorm(params, maxNorm: 1)
            try adam.step()
            XCTAssertEqual(try loss.item(), Float(losses[step]), accuracy: 1e-5, "loss at step \(step)")
            XCTAssertEqual(norm, Float(norms[step]), accuracy: 1e-5 * Float(norms[step]), "norm at step \(step)")
        }
        // Five Adam steps compound float32 rounding differences in the updates; 1e-4 absolute
        // still catches any formula or ordering error (a wrong step moves weights by ~0.05).
        for (name, value) in try NNFixture.named(json["final"]) {
            let (prefix, rest) = try XCTUnwrap(name.split(separator: ".", maxSplits: 1).map(String.init).splitPair())
            let layer = try XCTUnwrap(layers.first { $0.0 == prefix }?.1, name)
            assertClose(try XCTUnwrap(layer.parameter(rest)), value, atol: 1e-4, rtol: 1e-4, name)
        }
    }
}

private extension Array where Element == String {
    func splitPair() -> (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}
