import XCTest
import TensorRuntime
import TestSupport

final class NNRNNTests: XCTestCase {
    /// Every configuration in nn_rnn.json (including inter-layer dropout after a seed): PyTorch's parameters loaded by name, then outputs,
    /// final states and the gradients of sum(out⊙R1) + sum(h_n⊙R2) [+ sum(c_n⊙R3)] with respect
    /// to the input, the initial states and every parameter.
    func testMatchesPyTorch() throws {
        for c in try NNFixture.cases(NNFixture.load("nn_rnn.json")) {
            let name = try NNFixture.string(c, "name")
            let cell = try XCTUnwrap(RNNCell(rawValue: NNFixture.string(c, "cell")))
            let rnn = try RNN(NNFixture.int(c, "input_size"), NNFixture.int(c, "hidden"), cell: cell,
                              layers: NNFixture.int(c, "layers"), bidirectional: NNFixture.bool(c, "bidirectional"),
                              batchFirst: NNFixture.bool(c, "batch_first"),
                              dropout: try XCTUnwrap(c["dropout"] as? Double))
            try loadParameters(rnn, NNFixture.named(c["params"]))
            let x = try NNFixture.leaf(c["input"])
            let h0 = try c["h0"].map { try NNFixture.leaf($0) }
            let c0 = try c["c0"].map { try NNFixture.leaf($0) }
            // Inter-layer dropout masks come from the generator, drawn as PyTorch draws them.
            if rnn.dropout > 0 { manualSeed(1234) }
            let result = try rnn.forward(x, h0: h0, c0: c0)
            assertClose(result.output, try Fixture.tensor(c["output"]), "\(name): output")
            assertClose(result.h, try Fixture.tensor(c["h_n"]), "\(name): h_n")
            var loss = try weightedSum(result.output, Fixture.tensor(c["r_out"]))
                + weightedSum(result.h, Fixture.tensor(c["r_h"]))
            if let cn = c["c_n"] {
                let cellState = try XCTUnwrap(result.c, "\(name): no c_n")
                assertClose(cellState, try Fixture.tensor(cn), "\(name): c_n")
                loss = try loss + weightedSum(cellState, Fixture.tensor(c["r_c"]))
            }
            try loss.backward()
            assertClose(try XCTUnwrap(x.grad, name), try Fixture.tensor(c["grad_input"]), "\(name): grad input")
            if let h0 { assertClose(try XCTUnwrap(h0.grad, name), try Fixture.tensor(c["grad_h0"]), "\(name): grad h0") }
            if let c0 { assertClose(try XCTUnwrap(c0.grad, name), try Fixture.tensor(c["grad_c0"]), "\(name): grad c0") }
            try assertParameterGrads(rnn, NNFixture.named(c["grads"]), name)
        }
    }

    func testCallForms() throws {
        let gru = try RNN(3, 4, cell: .gru, layers: 2)
        let x = try randn([5, 2, 3])
        let (out, h) = try gru(x)
        XCTAssertEqual(out.shape, [5, 2, 4])
        XCTAssertEqual(h.shape, [2, 2, 4])
        // The last output is the top layer's final state.
        XCTAssertEqual(try out.index([.at(4)]).toArray(), try h.index([.at(1)]).toArray())
        XCTAssertThrowsError(try gru(x, state: nil))

        let lstm = try RNN(3, 4, cell: .lstm, bidirectional: true, batchFirst: true)
        let (y, (hn, cn)) = try lstm(try randn([2, 5, 3]), state: nil)
        XCTAssertEqual(y.shape, [2, 5, 8])
        XCTAssertEqual(hn.shape, [2, 2, 4])
        XCTAssertEqual(cn.shape, [2, 2, 4])
        XCTAssertThrowsError(try lstm(try randn([2, 5, 3])), "an LSTM needs the (h, c) form")
        XCTAssertThrowsError(try lstm.forward(try randn([2, 5, 3]), h0: try randn([2, 2, 4])), "h0 without c0")
    }

    func testEmptyBatch() throws {
        for cell in RNNCell.allCases {
            let rnn = try RNN(3, 4, cell: cell, layers: 2, bidirectional: true)
            let x = try randn([5, 0, 3])
            x.requiresGrad = true
            let result = try rnn.forward(x)
            XCTAssertEqual(result.output.shape, [5, 0, 8])
            XCTAssertEqual(result.h.shape, [4, 0, 4])
            try sum(result.output).backward()
            XCTAssertEqual(x.grad?.shape, [5, 0, 3])
            let weight = try XCTUnwrap(rnn.parameter("weight_hh_l1"))
            XCTAssertEqual(weight.grad?.toArray(), [Float](repeating: 0, count: weight.count), "\(cell)")
        }
    }

    func testShapeErrorsNameTheShapes() throws {
        let rnn = try RNN(3, 4, cell: "tanh")
        XCTAssertThrowsError(try rnn(try randn([5, 2, 7]))) { error in
            XCTAssertTrue("\(error)".contains("[5, 2, 7]"), "\(error)")
        }
        XCTAssertThrowsError(try rnn(try randn([5, 2, 3]), try randn([1, 3, 4]))) { error in
            XCTAssertTrue("\(error)".contains("[1, 2, 4]") && "\(error)".contains("[1, 3, 4]"), "\(error)")
        }
        XCTAssertThrowsError(try RNN(3, 4, cell: "elman"))
        XCTAssertThrowsError(try RNN(3, 0))
        // Sizes whose products overflow are errors, not traps.
        XCTAssertThrowsError(try RNN(3, Int.max / 2, cell: .lstm))
        XCTAssertThrowsError(try RNN(Int.max, 4, layers: Int.max))
        XCTAssertThrowsError(try Attention(method: .concat, hidden: Int.max / 2))
        XCTAssertThrowsError(try MultiheadAttention(Int.max / 2, 1))
    }

    func testInterLayerDropoutOnlyWhileTraining() throws {
        let rnn = try RNN(2, 8, cell: .gru, layers: 2, dropout: 0.9)
        let x = try randn([4, 3, 2])
        rnn.training = false
        let a = try rnn(x).output.toArray()
        XCTAssertEqual(a, try rnn(x).output.toArray(), "evaluation mode is deterministic")
        rnn.training = true
        XCTAssertNotEqual(a, try rnn(x).output.toArray(), "p = 0.9 between the layers changes the output")
    }

    func testParameterNamesAndShapes() throws {
        let lstm = try RNN(3, 5, cell: .lstm, layers: 2, bidirectional: true)
        let expected: [(String, [Int])] = [
            ("weight_ih_l0", [20, 3]), ("weight_hh_l0", [20, 5]), ("bias_ih_l0", [20]), ("bias_hh_l0", [20]),
            ("weight_ih_l0_reverse", [20, 3]), ("weight_hh_l0_reverse", [20, 5]), ("bias_ih_l0_reverse", [20]),
            ("bias_hh_l0_reverse", [20]),
            ("weight_ih_l1", [20, 10]), ("weight_hh_l1", [20, 5]), ("bias_ih_l1", [20]), ("bias_hh_l1", [20]),
            ("weight_ih_l1_reverse", [20, 10]), ("weight_hh_l1_reverse", [20, 5]), ("bias_ih_l1_reverse", [20]),
            ("bias_hh_l1_reverse", [20]),
        ]
        XCTAssertEqual(lstm.namedParameters.map { $0.0 }, expected.map { $0.0 })
        XCTAssertEqual(lstm.namedParameters.map { $0.1.shape }, expected.map { $0.1 })
        XCTAssertEqual(lstm.typeName, "LSTM")
        let bound = 1 / Float(5).squareRoot()
        for (_, p) in lstm.namedParameters {
            XCTAssertTrue(p.toArray().allSatisfy { abs($0) <= bound }, "uniform(-1/sqrt(H), 1/sqrt(H))")
        }
    }
}
