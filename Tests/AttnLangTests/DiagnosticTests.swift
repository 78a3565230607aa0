import AttnLang
import XCTest

final class DiagnosticTests: XCTestCase {
    func run(_ source: String, file: String = "t.attn") -> [StatementOutcome] {
        var outcomes: [StatementOutcome] = []
        Session().run(source: source, file: file) { outcomes.append($0) }
        return outcomes
    }

    func testRenderingMatchesTheLanguageContract() {
        let d = Diagnostic(message: "bmm: batch 1 of [1, 1, 4] cannot multiply [1, 5, 4] (inner sizes 4 and 5 differ)",
                           file: "notebooks/luong.attn", line: 12, column: 11, length: 11,
                           sourceLine: "context = bmm(w, enc)")
        XCTAssertEqual(d.rendered(), """
            error: bmm: batch 1 of [1, 1, 4] cannot multiply [1, 5, 4] (inner sizes 4 and 5 differ)
             --> notebooks/luong.attn:12:11
               |
            12 | context = bmm(w, enc)
               |           ^^^^^^^^^^^
            """)
    }

    func testRuntimeErrorCaretCoversTheWholeCall() throws {
        let outcomes = run("x = [1]\ny = len(x, 2)\n")
        let error = try XCTUnwrap(outcomes.last?.error)
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(error.column, 5)
        XCTAssertEqual(error.length, 9)
        XCTAssertEqual(error.sourceLine, "y = len(x, 2)")
        XCTAssertEqual(error.file, "t.attn")
        XCTAssertTrue(error.rendered().hasSuffix("2 | y = len(x, 2)\n  |     ^^^^^^^^^"), error.rendered())
    }

    func testErrorInsideAFunctionPointsIntoItsBody() throws {
        let outcomes = run("fn f(x) {\n  return x + \"a\"\n}\nf(1)\n")
        let error = try XCTUnwrap(outcomes.last?.error)
        XCTAssertEqual(error.line, 2)
        XCTAssertEqual(error.column, 10)
        XCTAssertEqual(error.length, 7)
    }

    func testParseErrorsAreAllReportedAndNothingRuns() {
        let outcomes = run("print(1)\nx = (1 +\ny = 2 *\nz = ]\n")
        let errors = outcomes.compactMap(\.error)
        XCTAssertEqual(outcomes.count, errors.count, "nothing may run when the file has parse errors")
        XCTAssertEqual(errors.map(\.line), [2, 3, 4])
        XCTAssertEqual(errors[0].message, "expected an expression, got end of line")
        XCTAssertEqual(errors[2].message, "expected an expression, got ']'")
        XCTAssertEqual(errors[2].column, 5)
    }

    func testParseErrorInsideABlockRecoversAtTheNextStatement() {
        let outcomes = run("fn f() {\n  x = = 1\n  y = 2\n  z = )\n}\nw = 1 1\n")
        XCTAssertEqual(outcomes.compactMap(\.error).map(\.line), [2, 4, 6])
    }

    func testStatementsReportTheirLineSpans() {
        let outcomes = run("a = 1\n\nfn f() {\n  return 2\n}\nprint(f())\n")
        XCTAssertEqual(outcomes.map { [$0.firstLine, $0.lastLine] }, [[1, 1], [3, 5], [6, 6]])
        XCTAssertEqual(outcomes.last?.items.map(\.text), ["2"])
    }
}

final class DiagnosticLayoutTests: XCTestCase {
    func testCaretKeepsTabsSoItLinesUp() {
        let d = Diagnostic(message: "m", file: "f", line: 3, column: 3, length: 2, sourceLine: "\t\tx = y")
        XCTAssertTrue(d.rendered().hasSuffix("3 | \t\tx = y\n  | \t\t^^"), d.rendered())
    }

    func testCaretAfterTheEndOfTheLine() {
        // "got end of line" points just past the last character.
        let d = Diagnostic(message: "m", file: "f", line: 1, column: 8, length: 1, sourceLine: "x = (1")
        XCTAssertTrue(d.rendered().hasSuffix("1 | x = (1\n  |        ^"), d.rendered())
    }
}

/// `Golden/diagnostics/NAME.diagnostic` holds the whole rendered diagnostic of `NAME.attn`
/// (`#>` lines keep only the message): call chains, lines cut around the caret.
/// `RECORD=1 swift test --filter RenderedDiagnosticGoldenTests` rewrites them.
final class RenderedDiagnosticGoldenTests: XCTestCase {
    func testRenderedDiagnosticsMatchTheirFiles() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent("diagnostics")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".diagnostic") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 3)
        let record = ProcessInfo.processInfo.environment["RECORD"] == "1"
        for name in names {
            let expectedURL = directory.appendingPathComponent(name)
            let program = String(name.dropLast(".diagnostic".count)) + ".attn"
            let source = try String(contentsOf: directory.appendingPathComponent(program), encoding: .utf8)
            var rendered: [String] = []
            Session().run(source: source, file: "diagnostics/" + program) { outcome in
                if let error = outcome.error { rendered.append(error.rendered()) }
            }
            let actual = rendered.joined(separator: "\n") + "\n"
            if record { try actual.write(to: expectedURL, atomically: true, encoding: .utf8); continue }
            XCTAssertEqual(actual, try String(contentsOf: expectedURL, encoding: .utf8), name)
        }
    }
}

/// Messages speak Python, not Swift: a range is `[0, 5)` or "0 to 4", never `0..<5`.
final class MessageWordingTests: XCTestCase {
    func testNoSwiftRangeNotationInterpolatedIntoMessages() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var found: [String] = []
        var files = 0
        while let url = enumerator?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            files += 1
            let text = try String(contentsOf: url, encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("..<\\(") || line.contains("...\\(") {
                found.append("\(url.lastPathComponent):\(i + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        XCTAssertGreaterThan(files, 50)
        XCTAssertEqual(found, [], "Swift range notation in a message")
    }
}
