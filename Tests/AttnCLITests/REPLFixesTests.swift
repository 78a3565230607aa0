import Foundation
import XCTest
import TestSupport

/// The REPL fixes of issue 14: unterminated strings, `:save` after a failure or an interrupt,
/// pasted comments, `:vars NAME`, `help()` in a script, typed-ahead input.
final class REPLFixesTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func startREPL() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(AttnBinary.path, environment: AttnBinary.environment(), directory: directory.path)
        try terminal.expectPrompt("attn> ")
        return terminal
    }

    @discardableResult
    private func enter(_ line: String, in terminal: PseudoTerminal) throws -> String {
        terminal.send(line + "\r")
        return try terminal.expectPrompt("attn> ", timeout: 30)
    }

    func testAnUnterminatedStringEndsTheEntryAndReportsIt() throws {
        let terminal = try startREPL()
        let shown = try enter("print(\"abc", in: terminal)
        XCTAssertFalse(shown.contains("  ... "), shown)
        XCTAssertTrue(shown.contains("unterminated string"), shown)
        XCTAssertTrue(try enter("print(\"still here\")", in: terminal).contains("still here"))
    }

    func testAnUnterminatedStringOnStdinDoesNotSwallowTheRest() throws {
        let result = try runAttn([], input: "print(\"abc\nprint(1)\nx = [1,\n2]\nprint(x)\n")
        XCTAssertEqual(result.stdout, "1\n[1, 2]\n")
        XCTAssertTrue(result.stderr.contains("unterminated string"), result.stderr)
        XCTAssertEqual(result.status, 1)
    }

    func testSaveAfterAnInterruptedEntryPassesCheck() throws {
        let notebook = directory.appendingPathComponent("session.attn").path
        let terminal = try startREPL()
        try enter("n = 0", in: terminal)
        try terminal.startEntry("while true { n += 1 }")
        Thread.sleep(forTimeInterval: 0.5)
        terminal.send("\u{03}")
        XCTAssertTrue(try terminal.expectPrompt("attn> ").contains("interrupted"))
        XCTAssertTrue(try enter("n > 0", in: terminal).contains("true"), "the session keeps the interrupted loop's effect")
        try enter("m = n + 1", in: terminal)
        let saved = try enter(":save \(notebook)", in: terminal)
        XCTAssertTrue(saved.contains("saved 3 entries"), saved)
        XCTAssertTrue(saved.contains("left out 1"), saved)
        let text = try String(contentsOfFile: notebook, encoding: .utf8)
        XCTAssertTrue(text.contains("# Left out by `:save`"), text)
        XCTAssertTrue(text.contains("#     while true { n += 1 }\n"), text)
        // Replayed without the loop, `n > 0` is false: that is what the notebook records.
        XCTAssertTrue(text.contains("n > 0\n#> false\n"), text)
        let check = try runAttn(["check", notebook])
        XCTAssertEqual(check.stdout, "1 passed, 0 failed\n", check.stderr)
        XCTAssertEqual(check.status, 0)
    }

    func testSaveLeavesOutAnEntryThatOnlyWorkedBecauseOfAFailedOne() throws {
        let notebook = directory.appendingPathComponent("s.attn").path
        // The failed entry defines `half` before it fails; the next one uses it.
        let input = "half = 21; boom = undefined_name\nhalf * 2\nprint(\"kept\")\n:save \(notebook)\n"
        let result = try runAttn([], input: input)
        XCTAssertEqual(result.stdout.split(separator: "\n").first, "42", result.stdout)
        XCTAssertTrue(result.stdout.contains("saved 1 entry"), result.stdout)
        let text = try String(contentsOfFile: notebook, encoding: .utf8)
        XCTAssertTrue(text.contains("failed when the session was replayed"), text)
        XCTAssertTrue(text.contains("print(\"kept\")\n#> kept\n"), text)
        XCTAssertEqual(try runAttn(["check", notebook]).status, 0)
    }

    func testPastedCommentLinesJoinTheNextEntry() throws {
        let notebook = directory.appendingPathComponent("c.attn").path
        let input = "# Setup\n# two comment lines\nx = 1\n#> 1\n# about y\ny = x + 1\n:save \(notebook)\n"
        let result = try runAttn([], input: input)
        XCTAssertTrue(result.stdout.contains("saved 2 entries"), result.stdout)
        let text = try String(contentsOfFile: notebook, encoding: .utf8)
        XCTAssertEqual(text, "# %%\n# Setup\n# two comment lines\nx = 1\n\n# %%\n# about y\ny = x + 1\n")
        XCTAssertEqual(try runAttn(["check", notebook]).status, 0)
    }

    func testVarsWithANameShowsThatVariable() throws {
        let result = try runAttn([], input: "w = ones(2)\nk = 3\n:vars w\n:vars kk\n")
        XCTAssertEqual(result.stdout, "w  tensor [2]\ntensor([1., 1.], shape=[2])\n")
        XCTAssertTrue(result.stderr.contains("no variable 'kk'"), result.stderr)
    }

    func testHelpInAScriptIndentsMultiLineExamplesAsQuestionMarkDoes() throws {
        let script = try runAttn(["-e", "help(gru)"])
        let repl = try runAttn([], input: "?gru\n")
        XCTAssertEqual(script.stdout, repl.stdout)
        XCTAssertTrue(script.stdout.contains("  example:\n    g = gru("), script.stdout)
        for line in script.stdout.split(separator: "\n").drop(while: { !$0.contains("example:") }).dropFirst() {
            XCTAssertTrue(line.hasPrefix("    "), "example line not indented: \(line)")
        }
    }

    func testTypedAheadInputIsNotEchoedIntoRunningOutput() throws {
        let terminal = try startREPL()
        terminal.send("print(\"running\"); t0 = time(); while time() - t0 < 2 { }; print(\"done\")\r")
        // The printed line, not the echo of the entry (which holds `print("running")`).
        try terminal.expect("\nrunning")
        terminal.send("6 * 7\r")
        let beforePrompt = try terminal.expectPrompt("attn> ", timeout: 30)
        XCTAssertTrue(beforePrompt.contains("done"), beforePrompt)
        XCTAssertFalse(beforePrompt.contains("6 * 7"), "typed-ahead text was echoed into the output: \(beforePrompt)")
        let after = try terminal.expectPrompt("attn> ", timeout: 30)
        XCTAssertTrue(after.contains("6 * 7") && after.contains("42"), "libedit reads it at the next prompt: \(after)")
    }
}
