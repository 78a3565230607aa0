import XCTest
import TensorRuntime
import TestSupport

final class NNAttentionTests: XCTestCase {
    /// Each method with no mask, a [B, S] padding mask, a [T, S] causal mask, and a [B, H] query:
    /// scores, weights, and gradients of sum(weights ⊙ R) against the fixture's reference
    /// implementation written from the definitions.
    func testMethodsMatchReference() throws {
        for c in try NNFixture.cases(NNFixture.load("nn_attention.json")) {
            let method = try NNFixture.string(c, "method")
            let context = "\(method) / \(try NNFixture.string(c, "mask_kind"))"
            let attention = try Attention(method: method, hidden: NNFixture.int(c, "hidden"))
            try loadParameters(attention, NNFixture.named(c["params"]))
            let q = try NNFixture.leaf(c["query"]), k = try NNFixture.leaf(c["keys"])
            let mask = try c["mask"].map { try Fixture.tensor($0) }
            assertClose(try attention.score(q, k), try Fixture.tensor(c["scores"]), "\(context): scores")
            let weights = try attention(q, k, mask: mask)
            assertClose(weights, try Fixture.tensor(c["weights"]), "\(context): weights")
            try weightedSum(weights, Fixture.tensor(c["r"])).backward()
            assertClose(try XCTUnwrap(q.grad), try Fixture.tensor(c["grad_query"]), "\(context): grad query")
            assertClose(try XCTUnwrap(k.grad), try Fixture.tensor(c["grad_keys"]), "\(context): grad keys")
            try assertParameterGrads(attention, NNFixture.named(c["grads"]), context)
        }
    }

    func testMaskedPositionsGetExactlyZeroAndEmptyRowsGetZeros() throws {
        let attention = try Attention(method: "dot")
        let q = try randn([2, 3, 4]), k = try randn([2, 5, 4])
        let mask = try Tensor(shape: [2, 5], data: [1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
        let w = try attention(q, k, mask: mask).toArray()
        for t in 0..<3 {
            let row = Array(w[(t * 5)..<(t * 5 + 5)])
            XCTAssertEqual(row[2], 0)
            XCTAssertEqual(row[4], 0)
            XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-6)
            XCTAssertEqual(Array(w[(15 + t * 5)..<(15 + t * 5 + 5)]), [0, 0, 0, 0, 0], "fully masked row")
        }
    }

    func testAmbiguousTwoDimensionalMaskIsAnError() throws {
        let attention = try Attention(method: "dot")
        let q = try randn([3, 3, 4]), k = try randn([3, 3, 4])
        XCTAssertThrowsError(try attention(q, k, mask: causalMask(3))) { error in
            XCTAssertTrue("\(error)".contains("ambiguous"), "\(error)")
        }
        // Explicit forms are accepted.
        XCTAssertEqual(try attention(q, k, mask: causalMask(3).unsqueeze(0)).shape, [3, 3, 3])
        XCTAssertThrowsError(try attention(q, k, mask: Tensor.filled([2, 3], 1))) { error in
            XCTAssertTrue("\(error)".contains("[2, 3]"), "\(error)")
        }
    }

    func testConstructionAndShapeErrors() throws {
        XCTAssertThrowsError(try Attention(method: "general")) { error in
            XCTAssertTrue("\(error)".contains("hidden"), "\(error)")
        }
        XCTAssertThrowsError(try Attention(method: "cosine", hidden: 4))
        let general = try Attention(method: .general, hidden: 4)
        XCTAssertThrowsError(try general(randn([2, 3, 5]), randn([2, 4, 5]))) { error in
            XCTAssertTrue("\(error)".contains("hidden 4"), "\(error)")
        }
        XCTAssertThrowsError(try general(randn([2, 3, 4]), randn([3, 4, 4]))) { error in
            XCTAssertTrue("\(error)".contains("[2, 3, 4]") && "\(error)".contains("[3, 4, 4]"), "\(error)")
        }
        XCTAssertEqual(try general(randn([2, 4]), randn([2, 6, 4])).shape, [2, 1, 6])
        XCTAssertEqual(try Attention(method: .concat, hidden: 3).namedParameters.map { $0.1.shape }, [[3, 6], [3]])
        XCTAssertEqual(try Attention(method: .additive, hidden: 3).namedParameters.map { $0.0 }, ["W_q", "W_k", "v"])
        XCTAssertTrue(try Attention(method: .scaledDot).namedParameters.isEmpty)
    }

    func testMasks() throws {
        XCTAssertEqual(try causalMask(3).toArray(), [1, 0, 0, 1, 1, 0, 1, 1, 1])
        XCTAssertEqual(try causalMask(0).shape, [0, 0])
        XCTAssertEqual(try paddingMask(lengths: [2, 0, 4], maxLen: 3).toArray(), [1, 1, 0, 0, 0, 0, 1, 1, 1])
        XCTAssertEqual(try paddingMask(lengths: Tensor(shape: [2], data: [1, 2])).toArray(), [1, 0, 1, 1])
        XCTAssertThrowsError(try paddingMask(lengths: [-1]))
        XCTAssertThrowsError(try paddingMask(lengths: Tensor(shape: [1], data: [.nan])))
        XCTAssertThrowsError(try causalMask(-2))
    }
}
