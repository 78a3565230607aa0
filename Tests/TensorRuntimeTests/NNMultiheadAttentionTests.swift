import XCTest
import TensorRuntime
import TestSupport

final class NNMultiheadAttentionTests: XCTestCase {
    /// F.scaled_dot_product_attention (plus the weights it uses) with no mask, causal, a [B, S]
    /// padding mask, and 4-D heads with padding and causal combined.
    func testScaledDotAttentionMatchesPyTorch() throws {
        for c in try NNFixture.cases(NNFixture.load("nn_mha.json"), "sdpa") {
            let name = try NNFixture.string(c, "name")
            let q = try NNFixture.leaf(c["q"]), k = try NNFixture.leaf(c["k"]), v = try NNFixture.leaf(c["v"])
            let mask = try c["mask"].map { try Fixture.tensor($0) }
            let (out, weights) = try scaledDotAttention(q, k, v, mask: mask, causal: NNFixture.bool(c, "causal"))
            assertClose(out, try Fixture.tensor(c["output"]), "\(name): output")
            assertClose(weights, try Fixture.tensor(c["weights"]), "\(name): weights")
            try (weightedSum(out, Fixture.tensor(c["r_out"])) + weightedSum(weights, Fixture.tensor(c["r_w"]))).backward()
            assertClose(try XCTUnwrap(q.grad), try Fixture.tensor(c["grad_q"]), "\(name): grad q")
            assertClose(try XCTUnwrap(k.grad), try Fixture.tensor(c["grad_k"]), "\(name): grad k")
            assertClose(try XCTUnwrap(v.grad), try Fixture.tensor(c["grad_v"]), "\(name): grad v")
        }
    }

    /// nn.MultiheadAttention(batch_first=True) with no mask, a padding mask (key_padding_mask),
    /// a causal [T, S] mask (attn_mask) and a per-example [B, T, S] mask.
    func testMultiheadAttentionMatchesPyTorch() throws {
        for c in try NNFixture.cases(NNFixture.load("nn_mha.json"), "mha") {
            let name = try NNFixture.string(c, "name")
            let mha = try MultiheadAttention(NNFixture.int(c, "embed_dim"), NNFixture.int(c, "heads"))
            try loadParameters(mha, NNFixture.named(c["params"]))
            let q = try NNFixture.leaf(c["q"]), k = try NNFixture.leaf(c["k"]), v = try NNFixture.leaf(c["v"])
            let mask = try c["mask"].map { try Fixture.tensor($0) }
            let (out, weights) = try mha(q, k, v, mask: mask)
            assertClose(out, try Fixture.tensor(c["output"]), "\(name): output")
            assertClose(weights, try Fixture.tensor(c["weights"]), "\(name): weights")
            try (weightedSum(out, Fixture.tensor(c["r_out"])) + weightedSum(weights, Fixture.tensor(c["r_w"]))).backward()
            assertClose(try XCTUnwrap(q.grad), try Fixture.tensor(c["grad_q"]), "\(name): grad q")
            assertClose(try XCTUnwrap(k.grad), try Fixture.tensor(c["grad_k"]), "\(name): grad k")
            assertClose(try XCTUnwrap(v.grad), try Fixture.tensor(c["grad_v"]), "\(name): grad v")
            try assertParameterGrads(mha, NNFixture.named(c["grads"]), name)
        }
    }

    func testShapesUnbatchedAndErrors() throws {
        let mha = try MultiheadAttention(8, 2)
        XCTAssertEqual(mha.namedParameters.map { $0.0 }, ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"])
        XCTAssertEqual(mha.namedParameters.map { $0.1.shape }, [[24, 8], [24], [8, 8], [8]])
        XCTAssertEqual(mha.inProjBias.toArray(), [Float](repeating: 0, count: 24))
        XCTAssertEqual(mha.outProj.bias?.toArray(), [Float](repeating: 0, count: 8))
        let x = try randn([5, 8])
        let (out, w) = try mha(x, x, x, mask: causalMask(5))
        XCTAssertEqual(out.shape, [5, 8])
        XCTAssertEqual(w.shape, [5, 5])
        XCTAssertEqual(try w.index([.at(0), .at(1)]).item(), 0, "causal: query 0 cannot see key 1")
        XCTAssertThrowsError(try MultiheadAttention(6, 4))
        XCTAssertThrowsError(try mha(randn([2, 3, 8]), randn([2, 4, 8]), randn([2, 5, 8]))) { error in
            XCTAssertTrue("\(error)".contains("[2, 5, 8]"), "\(error)")
        }
        try mha.setParameter("out_proj.bias", Tensor.filled([8], 1))
        XCTAssertEqual(mha.outProj.bias?.toArray(), [Float](repeating: 1, count: 8))
        XCTAssertThrowsError(try mha.setParameter("out_proj.weight", Tensor.filled([8, 4], 1)))
    }
}
