import XCTest
import TensorRuntime

/// Fails unless `actual` and `expected` have the same shape and every element satisfies
/// |a - e| <= atol + rtol * |e| (torch.allclose's rule); nan matches nan, inf matches inf.
public func assertClose(_ actual: Tensor, _ expected: Tensor, atol: Float = 1e-5, rtol: Float = 1e-5,
                        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "shape mismatch. \(message())", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    assertClose(actual.toArray(), expected.toArray(), atol: atol, rtol: rtol, message(), file: file, line: line)
}

public func assertClose(_ actual: [Float], _ expected: [Float], atol: Float = 1e-5, rtol: Float = 1e-5,
                        _ message: @autoclosure () -> String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "count mismatch. \(message())", file: file, line: line)
    var worst: (index: Int, excess: Float)? = nil
    for (i, (a, e)) in zip(actual, expected).enumerated() {
        if a.isNaN && e.isNaN { continue }
        if a == e { continue }
        let excess = abs(a - e) - (atol + rtol * abs(e))
        if !(excess <= 0) && (worst == nil || excess > worst!.excess || excess.isNaN) { worst = (i, excess) }
    }
    if let worst {
        XCTFail("element \(worst.index): \(actual[worst.index]) vs expected \(expected[worst.index]) (atol \(atol), rtol \(rtol)). \(message())",
                file: file, line: line)
    }
}
