import XCTest
import TensorRuntime
import TestSupport

/// Views share storage (writes show through), carry strides, and copy only where PyTorch does.
final class OpsViewTests: XCTestCase {
    func grid() throws -> Tensor { try arange(12).view([3, 4]) }

    func testViewsShareStorage() throws {
        let x = try grid()
        let views: [(String, Tensor)] = [
            ("view", try x.view([2, 6])), ("reshape", try x.reshape([4, 3])), ("unsqueeze", try x.unsqueeze(0)),
            ("squeeze", try x.unsqueeze(1).squeeze()), ("transpose", try x.transpose(0, 1)), ("permute", try x.permute([1, 0])),
            ("t", try x.t()), ("expand", try x.index([.at(0)]).expand([5, 4])), ("flatten", try x.flatten()),
            ("index", try x.index([.at(1)])), ("detach", x.detach()), ("contiguous", try x.contiguous()),
        ]
        for (name, v) in views {
            XCTAssertTrue(v.storage === x.storage, "\(name) must share storage")
        }
        x.dataPointer[0] = 100
        XCTAssertEqual(try x.t().index([.at(0), .at(0)]).item(), 100)
        XCTAssertEqual(try x.flatten().toArray()[0], 100)
    }

    func testCopiesWherePyTorchCopies() throws {
        let x = try grid()
        XCTAssertFalse(try x.t().reshape([12]).storage === x.storage, "reshape of a transpose must copy")
        XCTAssertFalse(try x.t().contiguous().storage === x.storage)
        XCTAssertFalse(try x.clone().storage === x.storage)
        XCTAssertTrue(try x.contiguous() === x, "contiguous of a contiguous tensor is the tensor itself")
        XCTAssertEqual(try x.t().reshape([12]).toArray(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
    }

    func testStrides() throws {
        let x = try grid()
        XCTAssertEqual(try x.t().strides, [1, 4])
        XCTAssertEqual(try x.index([.at(0)]).expand([5, 4]).strides, [0, 1])
        XCTAssertEqual(try x.unsqueeze(0).expand([2, -1, -1]).shape, [2, 3, 4])
        let sliced = try x.index([.slice(start: nil, end: nil, step: 2), .slice(start: 1, end: nil, step: 2)])
        XCTAssertEqual(sliced.shape, [2, 2])
        XCTAssertEqual(sliced.strides, [8, 2])
        XCTAssertEqual(sliced.offset, 1)
        XCTAssertEqual(sliced.toArray(), [1, 3, 9, 11])
        // A view of a non-contiguous tensor where strides allow it (PyTorch's computeStride).
        let split = try x.t().view([2, 2, 3])
        XCTAssertTrue(split.storage === x.storage)
        XCTAssertEqual(split.toArray(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
    }

    func testIndexingSemantics() throws {
        let x = try arange(24).view([2, 3, 4])
        XCTAssertEqual(try x.index([.at(-1), .at(-1), .at(-1)]).item(), 23)
        XCTAssertEqual(try x.index([.ellipsis, .at(1)]).toArray(), [1, 5, 9, 13, 17, 21])
        XCTAssertEqual(try x.index([.newAxis, .at(0)]).shape, [1, 3, 4])
        XCTAssertEqual(try x.index([.at(0), .newAxis, .ellipsis, .newAxis]).shape, [1, 3, 4, 1])
        XCTAssertEqual(try x.index([.slice(start: 5, end: 10, step: nil)]).shape, [0, 3, 4], "Python clamps slices")
        XCTAssertEqual(try x.index([.at(1), .slice(start: -2, end: nil, step: nil), .slice(start: nil, end: -1, step: 2)]).toArray(),
                       [16, 18, 20, 22])
        XCTAssertEqual(try x.index([.slice(start: 3, end: 1, step: nil)]).shape, [0, 3, 4])
        XCTAssertEqual(try x.index([.at(0), .at(0), .slice(start: Int.min, end: Int.max, step: Int.max)]).toArray(), [0])
        XCTAssertEqual(try x.index([.slice(start: Int.max, end: Int.min, step: 1)]).shape, [0, 3, 4])
    }

    func testAssignWritesThroughAndBroadcasts() throws {
        let x = try zeros([3, 4])
        let row = try x.index([.at(1)])
        try x.assign([.at(1)], Tensor(shape: [4], data: [1, 2, 3, 4]))
        XCTAssertEqual(row.toArray(), [1, 2, 3, 4], "an earlier view sees the write")
        try x.assign([TensorIndex.all, .slice(start: 3, end: nil, step: nil)], 9)
        XCTAssertEqual(x.toArray(), [0, 0, 0, 9, 1, 2, 3, 9, 0, 0, 0, 9])
        try x.t().assign([.at(0)], Tensor(shape: [3], data: [5, 6, 7]))
        XCTAssertEqual(try x.index([TensorIndex.all, .at(0)]).toArray(), [5, 6, 7])
        // Overlapping source and destination behave as if the source were copied first.
        let y = try arange(5)
        try y.assign([.slice(start: 1, end: nil, step: nil)], y.index([.slice(start: nil, end: 4, step: nil)]))
        XCTAssertEqual(y.toArray(), [0, 0, 1, 2, 3])
    }

    func testAssignGradientReachesValueAndEarlierContent() throws {
        // The seq2seq tutorial's pattern: encoder_outputs[ei] = encoder_output[0, 0].
        let h = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        h.requiresGrad = true
        let outputs = try zeros([4, 3])
        for i in 0..<2 { try outputs.assign([.at(i)], tanh(h.index([.at(i)]))) }
        XCTAssertTrue(outputs.requiresGrad)
        try sum(outputs).backward()
        let expected = try sub(1, pow(tanh(h.detach()), 2))
        assertClose(try XCTUnwrap(h.grad), expected)
    }

    func testAssignIntoLeafRequiringGradThrows() throws {
        let w = try zeros([2, 2])
        w.requiresGrad = true
        XCTAssertThrowsError(try w.assign([.at(0)], 1)) { XCTAssertTrue("\($0)".contains("leaf"), "\($0)") }
        try GradMode.withoutGrad { try w.assign([.at(0)], 1) }
        XCTAssertEqual(w.toArray(), [1, 1, 0, 0])
        XCTAssertNil(w.gradFn)
    }

    func testDetachAndCloneAutograd() throws {
        let x = try arange(3)
        x.requiresGrad = true
        let d = x.detach()
        XCTAssertFalse(d.requiresGrad)
        XCTAssertNil(d.gradFn)
        let c = try x.clone()
        XCTAssertTrue(c.requiresGrad)
        try sum(mul(c, 2)).backward()
        XCTAssertEqual(x.grad?.toArray(), [2, 2, 2])
    }
}
