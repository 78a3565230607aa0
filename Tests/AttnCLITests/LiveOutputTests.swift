import Foundation
import XCTest
import TestSupport

/// LANGUAGE.md 9.5 live output: what runs prints as it prints, on a terminal and into a pipe;
/// Ctrl-C keeps it; long single builtin calls stop between their chunks.
final class LiveOutputTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func script(_ text: String) throws -> String {
        let path = directory.appendingPathComponent("script.attn").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The loop never ends on its own: the line can only be seen if it is streamed.
    private let endlessTicker = """
        print("before")
        for i in range(1000000) {
          print("tick", i)
          t0 = time()
          while time() - t0 < 1000 { }
        }
        """

    func testALinePrintedInALoopReachesTheTerminalBeforeTheNextIteration() throws {
        let terminal = try PseudoTerminal(AttnBinary.path, [try script(endlessTicker)],
                                          environment: AttnBinary.environment(), directory: directory.path)
        try terminal.expect("before")
        try terminal.expect("tick 0")
        terminal.send("\u{03}")
        let rest = try terminal.expect("interrupted")
        XCTAssertFalse(rest.contains("tick 1"), rest)
        XCTAssertEqual(terminal.waitForExit(), 130)
    }

    func testCtrlCMidScriptKeepsEarlierLinesSaysWhereAndExits130() throws {
        let terminal = try PseudoTerminal(AttnBinary.path, [try script(endlessTicker)],
                                          environment: AttnBinary.environment(), directory: directory.path)
        try terminal.expect("tick 0")
        terminal.send("\u{03}")
        try terminal.expect("error: interrupted")
        try terminal.expect(" --> ")
        let location = try terminal.expect("\n", timeout: 10)
        XCTAssertTrue(location.contains("script.attn:5:"), location)
        XCTAssertEqual(terminal.waitForExit(), 130)
        XCTAssertTrue(String(decoding: terminal.transcript, as: UTF8.self).contains("before"))
    }

    func testLinesReachAPipeWhileTheStatementRunsAndSIGINTKeepsThem() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AttnBinary.path)
        process.arguments = [try script(endlessTicker)]
        process.environment = AttnBinary.environment()
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let fd = stdout.fileHandleForReading.fileDescriptor
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while !seen.contains("tick 0\n") && Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            seen += String(decoding: buffer[0..<n], as: UTF8.self)
        }
        XCTAssertTrue(seen.contains("before\ntick 0\n"), "the pipe got: \(seen.debugDescription)")
        process.interrupt()
        seen += String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertTrue(seen.hasPrefix("before\ntick 0\n"), seen)
        XCTAssertTrue(errors.hasPrefix("error: interrupted\n --> "), errors)
    }

    // MARK: Ctrl-C in one long builtin call

    private func startREPL() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(AttnBinary.path, environment: AttnBinary.environment(), directory: directory.path)
        try terminal.expectPrompt("attn> ")
        return terminal
    }

    /// Sends `statement`, waits `delay` seconds, sends ^C; returns the seconds until the prompt.
    private func interrupt(_ statement: String, in terminal: PseudoTerminal, after delay: Double) throws -> Double {
        try terminal.startEntry(statement)
        Thread.sleep(forTimeInterval: delay)
        let sent = Date()
        terminal.send("\u{03}")
        let shown = try terminal.expectPrompt("attn> ", timeout: 30)
        let elapsed = Date().timeIntervalSince(sent)
        XCTAssertTrue(shown.contains("error: interrupted"), shown)
        return elapsed
    }

    func testCtrlCStopsALoopOfHugeMatrixProducts() throws {
        let terminal = try startREPL()
        let elapsed = try interrupt("while true { c = randn(3000, 3000) @ randn(3000, 3000) }", in: terminal, after: 2)
        print("Ctrl-C during randn(3000, 3000) @ randn(3000, 3000): prompt after \(Int(elapsed * 1000)) ms")
        // Seconds, not the 100 ms aimed at: the machine running the tests is shared.
        XCTAssertLessThan(elapsed, 5)
        terminal.send("1 + 1\r")
        XCTAssertTrue(try terminal.expectPrompt("attn> ").contains("2"))
    }

    func testCtrlCStopsOneLongRecurrence() throws {
        let terminal = try startREPL()
        terminal.send("g = gru(1024, 1024); x = randn(5000, 1, 1024); out = 0\r")
        try terminal.expectPrompt("attn> ", timeout: 60)
        // One call over 5,000 steps: each step reads the 12 MB of W_hh, several seconds in all.
        let elapsed = try interrupt("out, h = g(x)", in: terminal, after: 0.3)
        print("Ctrl-C during one gru call over 5,000 steps: prompt after \(Int(elapsed * 1000)) ms")
        XCTAssertLessThan(elapsed, 5)
        terminal.send("out == 0\r")
        XCTAssertTrue(try terminal.expectPrompt("attn> ").contains("true"), "the interrupted call assigned nothing")
    }

    // MARK: progress()

    private let progressLoop = "for i in progress(range(20), desc: \"steps\") { t0 = time(); while time() - t0 < 0.05 { } }"

    func testAProgressBarIsRedrawnInPlaceOnATerminal() throws {
        let terminal = try PseudoTerminal(AttnBinary.path, ["-e", progressLoop], environment: AttnBinary.environment(),
                                          directory: directory.path, columns: 100)
        XCTAssertEqual(terminal.waitForExit(timeout: 60), 0)
        let shown = String(decoding: terminal.transcript, as: UTF8.self)
        // Several draws of one line, each starting with a carriage return, ending on 20/20.
        XCTAssertGreaterThanOrEqual(shown.components(separatedBy: "\rsteps:").count - 1, 2, shown.debugDescription)
        XCTAssertTrue(shown.contains("%|"), shown.debugDescription)
        XCTAssertTrue(shown.contains("it/s]") || shown.contains("s/it]"), shown.debugDescription)
        XCTAssertTrue(shown.contains("| 20/20 ["), shown.debugDescription)
        XCTAssertFalse(shown.contains("steps: 20/20"), "the plain final line is for pipes: \(shown.debugDescription)")
    }

    func testAProgressBarPrintsOneStableLineIntoAPipe() throws {
        let result = try runAttn(["-e", progressLoop])
        XCTAssertEqual(result.stdout, "steps: 20/20\n")
        XCTAssertEqual(result.status, 0)
    }

    func testAProgressBarIsOneLineInRecordedOutputs() throws {
        let path = directory.appendingPathComponent("p.attn").path
        try (progressLoop + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try runAttn(["update", path]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), progressLoop + "\n#> steps: 20/20\n")
        XCTAssertEqual(try runAttn(["check", path]).status, 0)
    }

    func testCtrlCDuringAProgressLoopEndsTheBarLineFirst() throws {
        let terminal = try PseudoTerminal(AttnBinary.path,
                                          ["-e", "for i in progress(range(1000), desc: \"slow\") { t0 = time(); while time() - t0 < 0.05 { } }"],
                                          environment: AttnBinary.environment(), directory: directory.path)
        try terminal.expect("slow:")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.send("\u{03}")
        let shown = try terminal.expect("error: interrupted")
        // "\r\n" is one Character: compare scalars.
        XCTAssertTrue(String(shown.unicodeScalars.filter { $0 != "\r" }).hasSuffix("\nerror: interrupted"),
                      "the bar's line is ended first: \(shown.debugDescription)")
        XCTAssertEqual(terminal.waitForExit(), 130)
    }
}
