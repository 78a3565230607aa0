import XCTest
import TensorRuntime
import TestSupport

/// Ops that add their gradients straight into the backward pass's running sums (linear,
/// embedding, the recurrence: `GradFn.AccumulatingBackward`) give the gradients of the plain
/// path: a decoder-style loop of one-row steps against the same computation written out.
final class AutogradAccumulationTests: XCTestCase {
    /// A linear layer applied at four steps of one row: W's gradient is Σ_t g_tᵀ x_t, summed in
    /// step order exactly as separate outer products added one by one would be.
    func testLinearStepsSumLikeSeparateProducts() throws {
        manualSeed(11)
        let layer = try Linear(300, 200)
        let xs = try (0..<4).map { _ in try randn([1, 300]) }
        let rs = try (0..<4).map { _ in try randn([1, 200]) }
        var loss = try sum(layer(xs[0]) * rs[0])
        for t in 1..<4 { loss = try loss + sum(layer(xs[t]) * rs[t]) }
        try loss.backward()
        // The same sum by hand: the gradient of sum(y ⊙ r) at y = x Wᵀ + b is rᵀ x for W and r for b.
        let backwardOrder = [3, 2, 1, 0]  // the backward pass meets the last step first
        var expectedW = try matmul(rs[backwardOrder[0]].transpose(0, 1), xs[backwardOrder[0]])
        var expectedB = try rs[backwardOrder[0]].view([200])
        for t in backwardOrder.dropFirst() {
            expectedW = try expectedW + matmul(rs[t].transpose(0, 1), xs[t])
            expectedB = try expectedB + rs[t].view([200])
        }
        XCTAssertEqual(try XCTUnwrap(layer.weight.grad).toArray(), expectedW.toArray())
        XCTAssertEqual(try XCTUnwrap(layer.parameter("bias")?.grad).toArray(), expectedB.toArray())
    }

    /// An embedding looked up at several steps, ids repeated within a lookup and across them.
    func testEmbeddingStepsSumEveryLookedUpRow() throws {
        manualSeed(12)
        let table = try Embedding(50, 8)
        let lookups: [[Float]] = [[3, 7, 3], [7], [49, 3, 3, 0]]
        var loss: Tensor?
        var expected = [Float](repeating: 0, count: 50 * 8)
        for ids in lookups {
            let rows = try table(Tensor(shape: [ids.count], data: ids).to(.int64))
            let weights = try randn([ids.count, 8])
            let term = try sum(rows * weights)
            loss = try loss.map { try $0 + term } ?? term
            let w = weights.toArray()
            for (r, id) in ids.enumerated() {
                for j in 0..<8 { expected[Int(id) * 8 + j] += w[r * 8 + j] }
            }
        }
        try XCTUnwrap(loss).backward()
        assertClose(try XCTUnwrap(table.weight.grad).toArray(), expected, atol: 1e-6, rtol: 1e-6)
    }

    /// An LSTM run one step per call (a decoder) and over the whole sequence in one call: the same
    /// gradients for every parameter, the input and the initial state.
    func testRecurrenceStepByStepMatchesOneCall() throws {
        for cell in [RNNCell.lstm, .gru] {
            manualSeed(13)
            let rnn = try RNN(6, 5, cell: cell)
            let x = try randn([4, 1, 6]), r = try randn([4, 1, 5])
            let h0 = try randn([1, 1, 5]), c0 = try randn([1, 1, 5])
            x.requiresGrad = true
            let whole = try rnn.forward(x, h0: h0, c0: cell == .lstm ? c0 : nil)
            try sum(whole.output * r).backward()
            let wholeGrads = try rnn.parameters.map { try XCTUnwrap($0.grad).toArray() }
            let wholeX = try XCTUnwrap(x.grad).toArray()
            for p in rnn.parameters { p.grad = nil }
            x.grad = nil

            var h = h0, c: Tensor? = cell == .lstm ? c0 : nil
            var loss: Tensor?
            for t in 0..<4 {
                let step = try rnn.forward(x.index([.slice(start: t, end: t + 1, step: nil)]), h0: h, c0: c)
                h = step.h
                c = step.c
                let term = try sum(step.output * r.index([.slice(start: t, end: t + 1, step: nil)]))
                loss = try loss.map { try $0 + term } ?? term
            }
            try XCTUnwrap(loss).backward()
            for (p, expected) in zip(rnn.parameters, wholeGrads) {
                assertClose(try XCTUnwrap(p.grad).toArray(), expected, atol: 1e-5, rtol: 1e-5, "\(cell)")
            }
            assertClose(try XCTUnwrap(x.grad).toArray(), wholeX, atol: 1e-5, rtol: 1e-5, "\(cell) input")
        }
    }
}
