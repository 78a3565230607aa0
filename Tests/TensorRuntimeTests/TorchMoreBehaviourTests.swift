import XCTest
import TensorRuntime
import TestSupport

/// Finite-difference gradchecks of the 9.4 ops, their errors, in-place rules, and
/// backward through a released graph.
final class TorchMoreBehaviourTests: XCTestCase {
    func r(_ shape: [Int], _ seed: UInt64) throws -> Tensor { try testTensor(shape, seed: seed) }
    func ids(_ shape: [Int], _ values: [Float]) throws -> Tensor { try Tensor(shape: shape, data: values) }

    func testGradCheck() throws {
        try gradCheck("repeat", [r([2, 3], 1)]) { try $0[0].repeat([2, 1, 2]) }
        try gradCheck("repeat of transposed", [r([3, 2], 2)]) { try $0[0].t().repeat([2, 2]) }
        try gradCheck("repeat_interleave", [r([2, 3], 3)]) { try $0[0].repeatInterleave(2, dim: 0) }
        try gradCheck("repeat_interleave counts", [r([3, 2], 4)]) { try repeatInterleave($0[0], counts: [2, 0, 3], dim: 0) }
        let index = try ids([2, 3], [0, 2, 2, 1, 1, 0])
        try gradCheck("gather", [r([2, 4], 5)]) { try gather($0[0], dim: 1, index: index) }
        try gradCheck("gather transposed", [r([4, 2], 6)]) { try gather($0[0].t(), dim: 1, index: index) }
        let mask = try ids([3], [1, 0, 1])
        try gradCheck("masked_select broadcast", [r([2, 3], 7)]) { try maskedSelect($0[0], mask) }
        try gradCheck("tril", [r([2, 3, 4], 8)]) { try tril($0[0], diagonal: -1) }
        try gradCheck("triu", [r([4, 3], 9)]) { try triu($0[0].t(), diagonal: 1) }
        try gradCheck("split", [r([5, 2], 10)]) { x in
            let pieces = try split(x[0], sizes: [2, 0, 3])
            return try cat([pieces[0] * 2, pieces[2] * 3])
        }
        try gradCheck("chunk", [r([2, 5], 11)]) { x in
            let pieces = try chunk(x[0], 2, dim: 1)
            return try pieces[0].index([.all, .slice(start: 0, end: 2, step: nil)]) * pieces[1]
        }
        try gradCheck("sort", [distinctValues([3, 4])]) { try sort($0[0], dim: 0, descending: true).values }
        try gradCheck("cumsum", [r([3, 4], 12)]) { try cumsum($0[0].t(), dim: 1) }
        let targets = try ids([2, 3], [0, 2, -100, 1, 1, 2])
        let weight = try ids([3], [0.5, 2, 1])
        for reduction in ["mean", "sum", "none"] {
            try gradCheck("cross_entropy \(reduction)", [r([2, 3, 3], 13)]) {
                try crossEntropy($0[0], targets, weight: weight, reduction: reduction)
            }
            try gradCheck("mse_loss \(reduction)", [r([2, 3], 14), r([3], 15)]) {
                try mseLoss($0[0], $0[1], reduction: reduction)
            }
        }
    }

    /// Values 0.05 apart, so that ±eps cannot reorder them.
    func distinctValues(_ shape: [Int]) throws -> Tensor {
        let n = shape.reduce(1, *)
        return try Tensor(shape: shape, data: (0..<n).map { Float(($0 * 7) % n) * 0.05 })
    }

    func testErrorsNameWhatWasWrong() throws {
        let x = try r([2, 3], 20)
        func fails(_ body: @autoclosure () throws -> Any, _ words: [String], line: UInt = #line) {
            XCTAssertThrowsError(try body(), line: line) { error in
                for w in words { XCTAssertTrue("\(error)".contains(w), "\(error) lacks \(w)", line: line) }
            }
        }
        fails(try x.repeat([2]), ["number of repeats (1)", "[2, 3]"])
        fails(try x.repeat([2, -1]), ["-1"])
        fails(try x.repeat([Int.max, 3]), ["limit"])
        fails(try repeatInterleave(x, counts: [1, 2], dim: 1), ["2 repeats for size 3"])
        fails(try gather(x, dim: 1, index: ids([2, 1], [0, 3])), ["index 3 is out of range"])
        fails(try gather(x, dim: 1, index: ids([2], [0, 1])), ["same number of dimensions"])
        fails(try gather(x, dim: 1, index: ids([3, 1], [0, 1, 1])), ["larger than input"])
        fails(try gather(x, dim: 0, index: ids([1, 1], [0.5])), ["not a whole number"])
        fails(try maskedSelect(x, ids([2], [1, 0])), ["cannot broadcast"])
        fails(try tril(ids([3], [1, 2, 3])), ["at least 2 dimensions"])
        fails(try split(x, sizes: [1, 1], dim: 1), ["add up to the size 3"])
        fails(try split(x, size: 0, dim: 1), ["split size"])
        fails(try chunk(x, 0), ["positive"])
        fails(try cumsum(x, dim: 2), ["out of range"])
        fails(try nllLoss(x, ids([2], [0, 1]), weight: ids([2], [1, 1])), ["weight of shape [2]", "3 classes"])
        fails(try crossEntropy(r([2, 3, 4], 21), ids([2, 3], [0, 1, 2, 0, 1, 2])), ["expected [2, 4]"])
        fails(try mseLoss(x, r([4], 22)), ["cannot broadcast"])
        fails(try uniform_(x, from: 1, to: 0), ["from <= to"])
        fails(try normal_(x, mean: 0, std: -1), ["std >= 0"])
        fails(try fill_(ids([1], [0]).expand([3]), 1), ["expanded"])
    }

    func testInPlaceInitialisersWriteLeavesNotComputedTensors() throws {
        let w = try zeros([2, 3])
        w.requiresGrad = true
        XCTAssertTrue(try fill_(w, 2) === w)
        XCTAssertEqual(w.toArray(), [Float](repeating: 2, count: 6))
        try zero_(w.detach())
        XCTAssertEqual(w.toArray(), [Float](repeating: 0, count: 6), "detach shares storage")
        let computed = try w * 2
        XCTAssertThrowsError(try normal_(computed)) { XCTAssertTrue("\($0)".contains("computed"), "\($0)") }
        try GradMode.withoutGrad { _ = try fill_(w.index([.at(0)]), 5) }
        XCTAssertEqual(w.toArray(), [5, 5, 5, 0, 0, 0])
    }

    func testBackwardTwiceIsPyTorchsErrorUnlessRetained() throws {
        let x = try r([3], 30)
        x.requiresGrad = true
        let loss = try sum(x * x)
        try loss.backward()
        XCTAssertThrowsError(try loss.backward()) { error in
            XCTAssertTrue("\(error)".contains("Trying to backward through the graph a second time"), "\(error)")
        }
        let retained = try sum(x * x)
        x.grad = nil
        try retained.backward(retainGraph: true)
        try retained.backward()
        assertClose(try XCTUnwrap(x.grad), try x * 4)
        // Nodes that keep no tensors (sum, add, views) may run again, as in PyTorch.
        let plain = try sum(x + 1)
        try plain.backward()
        try plain.backward()
    }

    func testShapesOfPiecesAndPositions() throws {
        let x = try arange(10).view([2, 5])
        XCTAssertEqual(try chunk(x, 3, dim: 1).map(\.shape), [[2, 2], [2, 2], [2, 1]])
        XCTAssertEqual(try chunk(zeros([0, 2]), 3).map(\.shape), [[0, 2], [0, 2], [0, 2]])
        XCTAssertEqual(try split(x, size: 4, dim: 1).map(\.shape), [[2, 4], [2, 1]])
        XCTAssertEqual(try nonzero(zeros([2, 2])).shape, [0, 2])
        XCTAssertEqual(try nonzero(Tensor.scalar(3)).shape, [1, 0])
        XCTAssertEqual(try sort(Tensor(shape: [4], data: [.nan, 1, -1, .infinity])).indices.toArray(), [2, 1, 3, 0])
        XCTAssertEqual(try sort(Tensor(shape: [3], data: [.nan, 1, 2]), descending: true).indices.toArray(), [0, 2, 1])
        let piece = try split(x, sizes: [1, 1])[1]
        try fill_(piece, 0)
        XCTAssertEqual(x.toArray(), [0, 1, 2, 3, 4, 0, 0, 0, 0, 0], "pieces are views")
    }
}
