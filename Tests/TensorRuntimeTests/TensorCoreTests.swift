import XCTest
import TensorRuntime
import TestSupport

final class TensorCoreTests: XCTestCase {
    func testContiguousStridesAndCopy() throws {
        let t = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.strides, [3, 1])
        XCTAssertTrue(t.isContiguous)
        let transposed = Tensor(storage: t.storage, shape: [3, 2], strides: [1, 3], offset: 0)
        XCTAssertFalse(transposed.isContiguous)
        XCTAssertEqual(transposed.toArray(), [1, 4, 2, 5, 3, 6])
    }

    func testAllocationCapThrows() {
        XCTAssertThrowsError(try Tensor.uninitialized([100_000, 100_000, 100_000])) { error in
            XCTAssertTrue("\(error)".contains("over the limit"), "\(error)")
        }
    }

    func testBroadcastShapes() throws {
        XCTAssertEqual(try broadcastShapes([2, 1, 3], [4, 1], op: "add"), [2, 4, 3])
        XCTAssertThrowsError(try broadcastShapes([2, 3], [4], op: "add"))
    }
}
