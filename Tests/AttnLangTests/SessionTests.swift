import AttnLang
import XCTest

final class SessionTests: XCTestCase {
    func testVariablesSurviveAcrossRunsAndErrors() {
        let s = Session()
        XCTAssertEqual(shown(s, "x = 41"), [])
        XCTAssertEqual(shown(s, "x = x + 1\nundefined_thing\nx = 0"), ["error: undefined variable 'undefined_thing'"])
        XCTAssertEqual(shown(s, "x"), ["42"])
        XCTAssertEqual(shown(s, "_ + 1"), ["43"])
    }

    func testFunctionsDefinedInEarlierEntriesReportErrorsAgainstTheirOwnSource() throws {
        let s = Session()
        _ = shown(s, "fn f(a) {\n  return a + none\n}")
        var error: Diagnostic?
        s.run(source: "f(1)", file: "<repl>") { if let e = $0.error { error = e } }
        let e = try XCTUnwrap(error)
        XCTAssertEqual(e.sourceLine, "  return a + none")
        XCTAssertEqual(e.line, 2)
    }

    func testInterruptStopsALoopAndKeepsVariables() {
        let s = Session()
        _ = shown(s, "n = 5")
        Session.interruptRequested = true
        defer { Session.interruptRequested = false }
        XCTAssertEqual(shown(s, "while true { n += 1 }"), ["error: interrupted"])
        Session.interruptRequested = false
        XCTAssertEqual(shown(s, "n"), ["5"])
    }

    func testRunResultTellsParseFailureRuntimeFailureAndInterrupt() {
        let s = Session()
        guard case .parseFailed(let errors) = s.run(source: "y = (1\nz = 2", file: "<repl>", onStatement: { _ in }) else {
            return XCTFail("a parse error is reported as such")
        }
        XCTAssertEqual(errors.count, 1)
        // Nothing ran, and the failed parse left no names behind.
        XCTAssertEqual(s.variables().map(\.name), [])
        guard case .failed(let e, let interrupted) = s.run(source: "x = 1\nx + none", file: "<repl>", onStatement: { _ in }) else {
            return XCTFail("a runtime error is reported as such")
        }
        XCTAssertEqual(e.line, 2)
        XCTAssertFalse(interrupted)
        Session.interruptRequested = true
        defer { Session.interruptRequested = false }
        guard case .failed(_, true) = s.run(source: "while true { x += 1 }", file: "<repl>", onStatement: { _ in }) else {
            return XCTFail("an interrupt is reported as one")
        }
        XCTAssertTrue(s.run(source: "", file: "<repl>") { _ in }.succeeded)
    }

    func testPrintInsideFunctionsBelongsToTheTopLevelStatement() {
        var outcomes: [StatementOutcome] = []
        Session().run(source: "fn f() {\n  for i in range(2) { print(i) }\n}\nf()\nf();", file: "t") { outcomes.append($0) }
        XCTAssertEqual(outcomes.map { $0.items.map(\.text) }, [[], ["0", "1"], ["0", "1"]])
    }

    func testNeedsMoreInput() {
        let s = Session()
        XCTAssertTrue(s.needsMoreInput("for i in range(3) {"))
        XCTAssertTrue(s.needsMoreInput("x = (1 +"))
        XCTAssertFalse(s.needsMoreInput("x = 1"))
    }

    func testCompletions() {
        let s = Session()
        _ = shown(s, "model = {\"encoder\": 1, \"decoder\": 2}\nmy_value = 3\nxs = [1]")
        XCTAssertTrue(s.completions(for: "x = my_").contains("my_value"))
        XCTAssertTrue(s.completions(for: "pri").contains("print"))
        XCTAssertTrue(s.completions(for: "whi").contains("while"))
        XCTAssertEqual(s.completions(for: "model.enc"), ["model.encoder"])
        XCTAssertTrue(s.completions(for: "xs.app").contains("xs.append"))
        XCTAssertEqual(s.completions(for: "nothing_here.x"), [])
    }

    func testHelpVariablesAndReset() throws {
        let s = Session()
        let help = try XCTUnwrap(s.help(for: "len"))
        XCTAssertTrue(help.hasPrefix("len(x)\n"), help)
        XCTAssertNil(s.help(for: "no_such_builtin"))
        _ = shown(s, "a = 1\nfn g(x, k: 2) { return x }\nnames = [\"a\"]")
        let vars = s.variables()
        XCTAssertEqual(vars.map(\.name), ["a", "g", "names"])
        XCTAssertEqual(vars.map(\.description), ["number", "function g(x, k: 2)", "list (1 item)"])
        s.reset()
        XCTAssertEqual(s.variables().count, 0)
        XCTAssertEqual(shown(s, "a"), ["error: undefined variable 'a'"])
        XCTAssertEqual(shown(s, "len([1, 2])"), ["2"])
    }
}
