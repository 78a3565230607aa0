import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Printing parity with torch's repr (fixtures from scripts/fixtures/format.py).
final class FormatTests: XCTestCase {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    func testTensorsPrintAsTorchPrintsThem() throws {
        let json = try Fixture.load("format.json", in: Self.fixtures)
        let entries = try XCTUnwrap(json["tensors"] as? [[String: Any]])
        XCTAssertGreaterThan(entries.count, 40)
        for entry in entries {
            let name = entry["name"] as? String ?? "?"
            let t = try Fixture.tensor(entry["tensor"])
            if entry["requires_grad"] as? Bool == true { t.requiresGrad = true }
            let expected = try XCTUnwrap(entry["expected"] as? String)
            let got = formatTensor(t)
            XCTAssertEqual(got, expected, "\(name):\n\(got)\n--- expected ---\n\(expected)")
        }
    }

    func testNumbersPrintAsPythonReprWithoutTrailingDotZero() throws {
        let json = try Fixture.load("format.json", in: Self.fixtures)
        let entries = try XCTUnwrap(json["numbers"] as? [[String: Any]])
        for entry in entries {
            let raw = try XCTUnwrap(entry["value"] as? String)
            let value: Double
            switch raw {
            case "inf": value = .infinity
            case "-inf": value = -.infinity
            case "nan": value = .nan
            default: value = try XCTUnwrap(Double(raw), raw)
            }
            XCTAssertEqual(formatNumber(value), entry["expected"] as? String, raw)
        }
        XCTAssertEqual(formatNumber(-0.0), "-0")
        XCTAssertEqual(formatNumber(0), "0")
        XCTAssertEqual(formatNumber(-1.5e-300), "-1.5e-300")
    }

    func testDescriptionAndStridedViews() throws {
        let t = try Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual("\(t)", "tensor([[1., 2., 3.],\n        [4., 5., 6.]], shape=[2, 3])")
        // A transposed view prints its logical order, not the storage order.
        let transposed = Tensor(storage: t.storage, shape: [3, 2], strides: [1, 3], offset: 0)
        XCTAssertEqual(formatTensor(transposed), "tensor([[1., 4.],\n        [2., 5.],\n        [3., 6.]], shape=[3, 2])")
    }

    func testViewsPrintLikeTheirContiguousCopies() throws {
        let n = 40 * 50
        let t = try Tensor(shape: [40, 50], data: (0..<n).map { Float($0 % 97) * 0.25 - 3 })
        // A transposed view large enough to be summarised, and a broadcast (stride 0) view.
        let transposed = Tensor(storage: t.storage, shape: [50, 40], strides: [1, 50], offset: 0)
        XCTAssertEqual(formatTensor(transposed), formatTensor(try Tensor(shape: [50, 40], data: transposed.toArray())))
        let expanded = Tensor(storage: t.storage, shape: [3, 4], strides: [0, 1], offset: 2)
        XCTAssertEqual(formatTensor(expanded), formatTensor(try Tensor(shape: [3, 4], data: expanded.toArray())))
        XCTAssertTrue(formatTensor(expanded).hasPrefix("tensor([[-2.5000, -2.2500, -2.0000, -1.7500],"))
    }

    func testNonLeafDoesNotClaimRequiresGrad() throws {
        let leaf = try Tensor(shape: [1], data: [0.25])
        leaf.requiresGrad = true
        let derived = Tensor.record(try Tensor(shape: [1], data: [0.5]), "mul", [leaf]) { g in [g] }
        XCTAssertEqual(formatTensor(leaf), "tensor([0.2500], shape=[1], requires_grad=True)")
        XCTAssertEqual(formatTensor(derived), "tensor([0.5000], shape=[1])")
    }
}
