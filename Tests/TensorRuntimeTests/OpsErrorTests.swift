import XCTest
import TensorRuntime
import TestSupport

/// Bad input throws a TensorError naming the op and the shapes; nothing traps.
final class OpsErrorTests: XCTestCase {
    func expectError(_ op: String, _ fragments: [String], file: StaticString = #filePath, line: UInt = #line,
                     _ body: () throws -> Any) {
        do {
            _ = try body()
            XCTFail("expected \(op) to throw", file: file, line: line)
        } catch let error as TensorError {
            XCTAssertEqual(error.op, op, "\(error)", file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' lacks '\(fragment)'", file: file, line: line)
            }
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    func testViewSizes() throws {
        let x = try zeros([2, 3])
        expectError("view", ["[4, -1]", "[2, 3]"]) { try x.view([4, -1]) }
        expectError("view", ["only one dimension can be -1"]) { try x.view([-1, -1]) }
        expectError("view", ["[7]"]) { try x.view([7]) }
        expectError("view", ["not compatible", "reshape"]) { try x.t().view([6]) }
        expectError("reshape", ["[5]"]) { try x.reshape([5]) }
        expectError("expand", ["[2, 3]", "[4, 3]"]) { try x.expand([4, 3]) }
        expectError("permute", ["repeats"]) { try x.permute([0, 0]) }
        expectError("t", ["[2, 3, 1]"]) { try x.unsqueeze(2).t() }
    }

    func testDimensionsOutOfRange() throws {
        let x = try zeros([2, 3])
        expectError("transpose", ["dimension 2", "rank 2"]) { try x.transpose(0, 2) }
        expectError("unsqueeze", ["dimension 4"]) { try x.unsqueeze(4) }
        expectError("softmax", ["dimension -3"]) { try softmax(x, dim: -3) }
        expectError("sum", ["dimension 5"]) { try sum(x, dims: [5]) }
        expectError("max", ["dimension 2"]) { try max(x, dim: 2) }
        expectError("cat", ["dimension 2"]) { try cat([x, x], dim: 2) }
        expectError("topk", ["k (4)", "size 3"]) { try topk(x, k: 4) }
    }

    func testIndicesOutOfRange() throws {
        let x = try zeros([2, 3])
        expectError("index", ["index 2", "dimension 0", "size 2"]) { try x.index([.at(2)]) }
        expectError("index", ["index -4", "dimension 1", "size 3"]) { try x.index([.at(0), .at(-4)]) }
        expectError("index", ["too many indices", "[2, 3]"]) { try x.index([.at(0), .at(0), .at(0)]) }
        expectError("index", ["step"]) { try x.index([.slice(start: nil, end: nil, step: 0)]) }
        expectError("index", ["single ellipsis"]) { try x.index([.ellipsis, .ellipsis]) }
        expectError("assign", ["[4]", "[3]"]) { try x.assign([.at(0)], zeros([4])) }
        expectError("index_select", ["index 3", "size 3"]) { try indexSelect(x, dim: 1, index: Tensor(shape: [2], data: [0, 3])) }
        expectError("index_select", ["whole number"]) { try indexSelect(x, dim: 1, index: Tensor(shape: [1], data: [0.5])) }
        expectError("embedding", ["index 5", "5 rows"]) { try embedding(zeros([5, 2]), Tensor(shape: [2], data: [1, 5])) }
        expectError("embedding", ["index -1"]) { try embedding(zeros([5, 2]), Tensor(shape: [1], data: [-1])) }
        expectError("embedding", ["nan"]) { try embedding(zeros([5, 2]), Tensor(shape: [1], data: [.nan])) }
        expectError("embedding", ["inf"]) { try embedding(zeros([5, 2]), Tensor(shape: [1], data: [.infinity])) }
    }

    func testBroadcastFailures() throws {
        let a = try zeros([2, 3]), b = try zeros([4])
        expectError("add", ["[2, 3]", "[4]"]) { try a + b }
        expectError("mul", ["[2, 3]", "[4]"]) { try a * b }
        expectError("where", ["cannot broadcast"]) { try `where`(a, a, b) }
        expectError("masked_fill", ["[2, 3]", "[4]"]) { try maskedFill(a, b, 0) }
        expectError("cat", ["position 1", "dimension 1"]) { try cat([a, zeros([2, 4])], dim: 0) }
        expectError("stack", ["position 1"]) { try stack([a, zeros([3, 2])]) }
        expectError("cat", ["non-empty"]) { try cat([]) }
    }

    func testProductMismatches() throws {
        expectError("bmm", ["batch 1 of [1, 1, 4] cannot multiply [1, 5, 4] (inner sizes 4 and 5 differ)"]) {
            try bmm(zeros([1, 1, 4]), zeros([1, 5, 4]))
        }
        expectError("bmm", ["batch sizes differ"]) { try bmm(zeros([2, 1, 4]), zeros([3, 4, 1])) }
        expectError("bmm", ["3-D"]) { try bmm(zeros([1, 4]), zeros([4, 1])) }
        expectError("matmul", ["[2, 3]", "[4, 5]", "inner sizes 3 and 4 differ"]) { try matmul(zeros([2, 3]), zeros([4, 5])) }
        expectError("matmul", ["[2, 3, 4]", "[5, 4, 2]"]) { try matmul(zeros([2, 3, 4]), zeros([5, 4, 2])) }
        expectError("matmul", ["at least 1 dimension"]) { try matmul(Tensor.scalar(1), zeros([2])) }
        expectError("mm", ["two matrices"]) { try mm(zeros([2]), zeros([2, 2])) }
        expectError("dot", ["[3]", "[4]"]) { try dot(zeros([3]), zeros([4])) }
        expectError("linear", ["[2, 3]", "[4, 5]"]) { try linear(zeros([2, 3]), zeros([4, 5])) }
        expectError("linear", ["bias"]) { try linear(zeros([2, 3]), zeros([4, 3]), zeros([3])) }
    }

    func testOtherChecks() throws {
        expectError("arange", ["step"]) { try arange(start: 0, end: 1, step: 0) }
        expectError("arange", ["inconsistent"]) { try arange(start: 0, end: 5, step: -1) }
        expectError("arange", ["finite"]) { try arange(.infinity) }
        expectError("arange", ["too many"]) { try arange(start: 0, end: 1e300, step: 1e-300) }
        expectError("zeros", ["negative"]) { try zeros([2, -1]) }
        expectError("zeros", ["over the limit"]) { try zeros([1 << 40, 1 << 40]) }
        expectError("clamp", ["min and max"]) { try clamp(zeros([2])) }
        expectError("dropout", ["between 0 and 1"]) { try dropout(zeros([2]), p: 1.5) }
        expectError("max", ["empty"]) { try max(zeros([0])) }
        expectError("argmax", ["empty"]) { try argmax(zeros([0, 2])) }
        expectError("narrow", ["out of bounds"]) { try narrow(zeros([3]), dim: 0, start: 2, length: Int.max) }
    }
}
