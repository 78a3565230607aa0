import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Every case in Fixtures/indexing.json (scripts/fixtures/indexing.py, real PyTorch): dtypes,
/// promotion, bool masks and index tensors, read and written. Outputs must have PyTorch's
/// dtype and, for int64 and bool, exactly its values; float32 outputs and gradients of
/// (output · w).sum() match within 1e-5 relative.
final class IndexingParityTests: XCTestCase {
    typealias Op = ([Tensor]) throws -> [Tensor]

    static func assigned(_ items: @escaping ([Tensor]) -> [AdvancedIndex]) -> Op {
        { x in
            let y = try x[0] * 1
            try y.assign(advanced: items(Array(x.dropFirst(2))), x[1])
            return [try y * 1]
        }
    }

    static let ops: [String: Op] = [
        "mask_1d": { x in [try x[0].index(advanced: [.tensor(compare(.gt, x[0], number: 0))])] },
        "mask_rows": { x in [try x[0].index(advanced: [.tensor(x[1])])] },
        "mask_full": { x in [try x[0].index(advanced: [.tensor(x[1])])] },
        "mask_after_slice": { x in [try x[0].index(advanced: [.basic(.all), .tensor(x[1])])] },
        "ids_rows": { x in [try x[0].index(advanced: [.tensor(x[1])])] },
        "ids_cols": { x in [try x[0].index(advanced: [.basic(.all), .tensor(x[1])])] },
        "ids_negative": { x in [try x[0].index(advanced: [.tensor(x[1])])] },
        "rows_cols_broadcast": { x in [try x[0].index(advanced: [.tensor(x[1]), .tensor(x[2])])] },
        "ids_apart": { x in [try x[0].index(advanced: [.tensor(x[1]), .basic(.all), .tensor(x[2])])] },
        "number_and_ids_apart": { x in [try x[0].index(advanced: [.basic(.at(0)), .basic(.all), .tensor(x[1])])] },
        "ids_middle": { x in
            [try x[0].index(advanced: [.basic(.all), .tensor(x[1]), .basic(.slice(start: 1, end: nil, step: nil))])]
        },
        "int64_data": { x in [try x[0].index(advanced: [.tensor(x[1])])] },
        "bool_data": { x in [try x[0].index(advanced: [.tensor(x[1])])] },
        "int64_mask": { x in
            let even = try compare(.eq, arithmetic(.remainder, x[0], number: 2), number: 0)
            return [try x[0].index(advanced: [.tensor(even)])]
        },

        "assign_mask": assigned { [.tensor($0[0])] },
        "assign_mask_full": assigned { [.tensor($0[0])] },
        "assign_ids": assigned { [.tensor($0[0])] },
        "assign_cols": assigned { [.basic(.all), .tensor($0[0])] },
        "assign_rows_cols": assigned { [.tensor($0[0]), .tensor($0[1])] },
        "assign_leading_ones": { x in
            let y = try x[0] * 1
            try y.assign([.at(1)], x[1])
            return [try y * 1]
        },
        "assign_leading_ones_ids": assigned { [.tensor($0[0])] },
        "assign_mask_number": { x in
            let y = try x[0] * 1
            try y.assign(advanced: [.tensor(x[1])], Tensor.scalar(0.5))
            return [y]
        },
        "assign_int64_data": { x in
            let y = try x[0].clone()
            try y.assign(advanced: [.tensor(x[1])], Tensor.int64(shape: [], data: [100]))
            return [y]
        },

        "int_floor_divide": { x in [try arithmetic(.floorDiv, x[0], x[1])] },
        "int_remainder": { x in [try arithmetic(.remainder, x[0], x[1])] },
        "int_true_divide": { x in [try arithmetic(.div, x[0], x[1])] },
        "int_add_mul": { x in [try arithmetic(.add, arithmetic(.mul, x[0], x[1]), x[0])] },
        "float_floor_divide": { x in [try arithmetic(.floorDiv, x[0], x[1])] },
        "float_remainder": { x in [try arithmetic(.remainder, x[0], x[1])] },
        "int_plus_float": { x in [try arithmetic(.add, x[0], x[1])] },
        "bool_sum": { x in [try sum(x[0])] },
        "int_sum_dim": { x in [try sum(x[0], dims: [1])] },
        "compare_int_float": { x in [try compare(.lt, x[0], x[1])] },
        "logical_ops": { x in [try bitwiseNot(x[0]), try bitwiseAnd(x[0], x[1]), try bitwiseOr(x[0], x[1])] },
        "bitwise_int": { x in [try bitwiseNot(x[0]), try bitwiseAnd(x[0], x[1]), try bitwiseOr(x[0], x[1])] },
        "argmax_dim": { x in [try argmax(x[0], dim: 1)] },
        "topk_indices": { x in
            let r = try topk(x[0], k: 2, dim: -1)
            return [r.values, r.indices]
        },
        "where_int": { x in [try `where`(x[0], x[1], x[2])] },
        "masked_fill_int": { x in [try maskedFill(x[0], x[1], 0)] },
        "long_of_float": { x in [try x[0].long()] },
        "cat_promotes": { x in [try cat([x[0], x[1]])] },
    ]

    func testEveryFixtureCaseMatchesPyTorch() throws {
        let directory = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        let cases = try Fixture.load("indexing.json", in: directory)
        try Fixture.checkEveryCase(cases, script: "indexing.py", Self.ops, atol: 1e-6, rtol: 1e-5, undeclaredAreFloat32: true)
    }

    /// Whole-number float32 index tensors (programs of version 0.1) gather as int64 ones do.
    func testWholeNumberFloatIndicesGatherLikeInt64() throws {
        let x = try testTensor([4, 3], seed: 5)
        let f = try x.index(advanced: [.basic(.all), .tensor(Tensor(shape: [2], data: [2, 0]))])
        let i = try x.index(advanced: [.basic(.all), .tensor(Tensor.int64(shape: [2], data: [2, 0]))])
        XCTAssertEqual(f.toArray(), i.toArray())
    }

    func testGradCheckOfGatherScatterAndRemainder() throws {
        let ids = try Tensor.int64(shape: [2, 2], data: [0, 2, 2, 1])
        let m = try Tensor.bools(shape: [3], data: [true, false, true])
        try gradCheck("gather rows", [testTensor([3, 4], seed: 1), ids], differentiable: [true, false]) { x in
            try x[0].index(advanced: [.tensor(x[1])])
        }
        try gradCheck("gather rows and cols", [testTensor([3, 4], seed: 2), ids], differentiable: [true, false]) { x in
            try x[0].index(advanced: [.tensor(x[1]), .tensor(x[1])])
        }
        try gradCheck("mask select", [testTensor([3, 2], seed: 3), m], differentiable: [true, false]) { x in
            try x[0].index(advanced: [.tensor(x[1])])
        }
        try gradCheck("mask assign", [testTensor([3, 2], seed: 4), testTensor([2, 2], seed: 5), m],
                      differentiable: [true, true, false]) { x in
            let y = try x[0] * 1
            try y.assign(advanced: [.tensor(x[2])], x[1])
            return y
        }
        // Away from the jumps of x % y (x / y stays within (1, 2)).
        try gradCheck("remainder", [testTensor([5], seed: 6, low: 1.2, high: 1.8), testTensor([5], seed: 7, low: 1.0, high: 1.1)],
                      eps: 1e-3) { x in try remainder(x[0], x[1]) }
    }

    func testErrorsNameWhatIsWrong() throws {
        let x = try testTensor([3, 2], seed: 1)
        func message(_ body: () throws -> Void) -> String {
            do { try body() } catch let e as TensorError { return e.description } catch { return "\(error)" }
            return "no error"
        }
        XCTAssertTrue(message { _ = try x.index(advanced: [.tensor(Tensor(shape: [1], data: [1.5]))]) }.contains("1.5 is not a whole number"))
        XCTAssertTrue(message { _ = try x.index(advanced: [.tensor(Tensor.int64(shape: [1], data: [3]))]) }.contains("index 3 is out of range for dimension 0 with size 3"))
        XCTAssertTrue(message { _ = try x.index(advanced: [.tensor(Tensor.bools(shape: [2], data: [true, false]))]) }.contains("the shape of the mask [2] does not match"))
        XCTAssertTrue(message { try Tensor.int64(shape: [1], data: [1]).setRequiresGrad(true) }.contains("only float32 tensors can require gradients"))
    }

    func testInt64IsExactPast2To53() throws {
        let big = try Tensor.int64(shape: [2], data: [1 << 53, (1 << 53) + 1])
        XCTAssertEqual(try arithmetic(.add, big, number: 1).int64Values(), [(1 << 53) + 1, (1 << 53) + 2])
        XCTAssertEqual(try sum(big).int64Values(), [(1 << 54) + 1])
        XCTAssertEqual(formatTensor(big), "tensor([9007199254740992, 9007199254740993], shape=[2])")
        XCTAssertEqual(try cat([big, big]).int64Values(), [1 << 53, (1 << 53) + 1, 1 << 53, (1 << 53) + 1])
        XCTAssertEqual(try big.index([.at(1)]).itemValue(), 9007199254740992)  // a double holds 2^53 + 1 as 2^53
        XCTAssertEqual(try big.t().contiguous().int64Values(), [1 << 53, (1 << 53) + 1])
    }
}
