import AttnLang
import XCTest

/// Version 0.2 syntax behaviour that golden files cannot show (a golden run stops at its error).
final class SyntaxTests: XCTestCase {
    func testWithRestoresGradientRecordingWhenItsBlockFails() {
        let s = Session()
        _ = shown(s, "w = ones(2, requires_grad: true)")
        XCTAssertEqual(shown(s, "with no_grad() {\n  y = w * 2\n  none + 1\n}"),
                       ["error: unsupported operand types for +: none and number"])
        XCTAssertEqual(shown(s, "y.requires_grad"), ["false"])
        XCTAssertEqual(shown(s, "(w * 2).requires_grad"), ["true"])
    }

    func testNestedNoGradRestoresTheOuterMode() {
        let s = Session()
        _ = shown(s, "w = ones(2, requires_grad: true)")
        XCTAssertEqual(shown(s, "with no_grad() {\n  with no_grad() { a = w * 2 }\n  b = w * 2\n}\n[a.requires_grad, b.requires_grad, (w * 2).requires_grad]"),
                       ["[false, false, true]"])
    }

    func testTripleQuotedStatementRecordsBelowItsLastLine() {
        let s = Session()
        var lastLines: [Int] = []
        s.run(source: "x = 1\n\"\"\"a\nb\"\"\"\n", file: "<repl>") { lastLines.append($0.lastLine) }
        XCTAssertEqual(lastLines.last, 3)
    }
}
