import Foundation
import XCTest
import TestSupport

/// The real REPL on a pseudo-terminal: libedit, signals, history file and all.
final class REPLTests: XCTestCase {
    private var directory: URL!
    private var historyPath: String { directory.appendingPathComponent("history").path }

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func startREPL() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(AttnBinary.path, environment: AttnBinary.environment(["ATTN_HISTORY": historyPath]),
                                          directory: directory.path)
        try terminal.expectPrompt("attn> ")
        return terminal
    }

    /// Sends one line and returns what the terminal showed until the next main prompt.
    @discardableResult
    private func enter(_ line: String, in terminal: PseudoTerminal) throws -> String {
        terminal.send(line + "\r")
        return try terminal.expectPrompt("attn> ")
    }

    func testMultiLineEntryUsesContinuationPrompt() throws {
        let terminal = try startREPL()
        terminal.send("fn square(a) {\r")
        try terminal.expectPrompt("  ... ")
        terminal.send("return a * a\r")
        try terminal.expectPrompt("  ... ")
        terminal.send("}\r")
        try terminal.expectPrompt("attn> ")
        let shown = try enter("square(7)", in: terminal)
        XCTAssertTrue(shown.contains("49"), shown)
    }

    func testHistoryIsRecalledInTheNextSessionAsWholeEntries() throws {
        do {
            let first = try startREPL()
            first.send("ys = [1,\r")
            try first.expectPrompt("  ... ")
            first.send("2]\r")
            try first.expectPrompt("attn> ")
            try enter("zz = 5", in: first)
            first.send("\u{04}")
            XCTAssertEqual(first.waitForExit(), 0)
        }
        let saved = try String(contentsOfFile: historyPath, encoding: .utf8)
        XCTAssertTrue(saved.hasPrefix("_HiStOrY_V2_"), saved)
        XCTAssertEqual(saved.components(separatedBy: "\n").filter { !$0.isEmpty }.count, 3, "header and two entries: \(saved)")

        let second = try startREPL()
        // Two steps up is the two-line entry, which comes back whole; after running it, two
        // steps up is `zz = 5` (the history is now ys, zz, ys).
        second.send("\u{1B}[A\u{1B}[A")
        try second.expect("2]")
        second.send("\r")
        try second.expectPrompt("attn> ")
        second.send("\u{1B}[A\u{1B}[A")
        try second.expect("zz = 5")
        second.send("\r")
        try second.expectPrompt("attn> ")
        let shown = try enter("len(ys) + zz", in: second)
        XCTAssertTrue(shown.contains("7"), shown)
    }

    func testCtrlRSearchesHistory() throws {
        let terminal = try startREPL()
        try enter("alpha = 11", in: terminal)
        try enter("alpha * 3", in: terminal)
        try enter("beta = 1", in: terminal)
        // libedit's search pattern is a regular expression: stick to letters.
        terminal.send("\u{12}alph")
        try terminal.expect("alpha")
        terminal.send("\r")
        let shown = try terminal.expectPrompt("attn> ")
        XCTAssertTrue(shown.contains("33"), "the newest match, alpha * 3, ran: \(shown)")
    }

    // libedit redraws a completion as a cursor move plus the added characters, so the tests
    // wait for the added part and then check what the completed line evaluates to.
    func testTabCompletesVariablesAndTensorMethods() throws {
        let terminal = try startREPL()
        try enter("attention_scores = 3", in: terminal)
        terminal.send("attention_sc\t")
        try terminal.expect("ores")
        var shown = try enter(" + 1", in: terminal)
        XCTAssertTrue(shown.contains("4"), shown)

        try enter("t = zeros(2, 3)", in: terminal)
        terminal.send("t.transp\t")
        try terminal.expect("ose")
        shown = try enter("(0, 1).shape", in: terminal)
        XCTAssertTrue(shown.contains("(3, 2)"), shown)
        terminal.send("t.sha\t")
        try terminal.expect("pe")
        shown = try enter("", in: terminal)
        XCTAssertTrue(shown.contains("(2, 3)"), shown)
    }

    func testTabCompletesFilePathsInsideStrings() throws {
        _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("weights_0.npy").path, contents: Data())
        let terminal = try startREPL()
        terminal.send("path = \"weig\t")
        try terminal.expect("hts_0.npy")
        try enter("\"", in: terminal)
        let shown = try enter("path", in: terminal)
        XCTAssertTrue(shown.contains("weights_0.npy"), shown)
    }

    func testQuestionMarkShowsHelp() throws {
        let terminal = try startREPL()
        let shown = try enter("?softmax", in: terminal)
        XCTAssertTrue(shown.contains("softmax("), shown)
        XCTAssertTrue(shown.contains("dim"), shown)
        XCTAssertFalse(shown.contains("error"), shown)
    }

    func testCtrlCInterruptsARunningStatementAndKeepsVariables() throws {
        let terminal = try startREPL()
        try enter("kept = 41", in: terminal)
        try terminal.startEntry("while true { kept = kept }")
        Thread.sleep(forTimeInterval: 0.5)
        terminal.send("\u{03}")
        let shown = try terminal.expectPrompt("attn> ", timeout: 10)
        XCTAssertTrue(shown.contains("interrupted"), shown)
        let after = try enter("kept + 1", in: terminal)
        XCTAssertTrue(after.contains("42"), after)
    }

    func testCtrlCAtThePromptClearsTheLineAndDoesNotExit() throws {
        let terminal = try startREPL()
        terminal.send("this is not code")
        terminal.send("\u{03}")
        try terminal.expectPrompt("attn> ")
        terminal.send("\u{03}")
        try terminal.expectPrompt("attn> ")
        let shown = try enter("1 + 1", in: terminal)
        XCTAssertTrue(shown.contains("2"), shown)
        XCTAssertFalse(shown.contains("error"), shown)
    }

    func testWindowResizeKeepsTheLineBeingTyped() throws {
        let terminal = try startREPL()
        terminal.send("100 + 20 + 3")
        try terminal.expect("3")
        terminal.resize(columns: 12)
        Thread.sleep(forTimeInterval: 0.2)
        terminal.send(" + 1000\r")
        let shown = try terminal.expectPrompt("attn> ")
        XCTAssertTrue(shown.contains("1123"), shown)
    }

    func testCtrlDExits() throws {
        let terminal = try startREPL()
        terminal.send("\u{04}")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testQuitCommandAndVars() throws {
        let terminal = try startREPL()
        try enter("w = ones(2, 4)", in: terminal)
        let vars = try enter(":vars", in: terminal)
        XCTAssertTrue(vars.contains("w"), vars)
        XCTAssertTrue(vars.contains("[2, 4]"), vars)
        terminal.send(":quit\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }
}
