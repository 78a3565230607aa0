import Foundation
import XCTest
import TestSupport

/// The REPL's `:` commands, fed through piped stdin (the same loop without prompts).
final class REPLCommandTests: XCTestCase {
    func testTimeAndTimeit() throws {
        let result = try runAttn([], input: "x = 2\n:time x * 21\n:timeit x * 2\n:timeit no_such_name\n")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "42", result.stdout)
        XCTAssertTrue(lines.count > 1 && lines[1].hasPrefix("time: "), result.stdout)
        let timeit = lines.first { $0.hasPrefix("min ") } ?? ""
        XCTAssertTrue(timeit.contains(", median ") && timeit.contains(" per pass (") && timeit.hasSuffix(" passes)"), result.stdout)
        XCTAssertFalse(result.stdout.contains("4\n"), ":timeit does not print the statement's value")
        let runs = Int(timeit.split(separator: " ").dropLast().last ?? "") ?? 0
        XCTAssertGreaterThanOrEqual(runs, 5, timeit)
        XCTAssertTrue(result.stderr.contains("no_such_name"), "a failing :timeit shows the error: \(result.stderr)")
        XCTAssertEqual(result.status, 1)
    }

    func testLoadRunsAFileIntoTheSessionAndResetForgets() throws {
        let directory = try makeTemporaryDirectory(self)
        let file = directory.appendingPathComponent("lib.attn")
        try "# %%\nbase = 40\nfn add2(a) { return a + 2 }\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try runAttn([], input: ":load \(file.path)\nadd2(base)\n:vars\n:reset\n:vars\nbase\n")
        XCTAssertTrue(result.stdout.hasPrefix("42\n"), result.stdout)
        XCTAssertTrue(result.stdout.contains("base"), result.stdout)
        XCTAssertTrue(result.stdout.contains("(no variables)"), result.stdout)
        XCTAssertTrue(result.stderr.contains("base"), "base is gone after :reset: \(result.stderr)")
        XCTAssertEqual(result.status, 1)
    }

    func testUnknownCommandsAndMissingArguments() throws {
        let result = try runAttn([], input: ":frobnicate\n:load\n:time\n1 + 1\n")
        XCTAssertTrue(result.stderr.contains("unknown command :frobnicate"), result.stderr)
        XCTAssertTrue(result.stderr.contains("usage: :load FILE"), result.stderr)
        XCTAssertTrue(result.stderr.contains("usage: :time STMT"), result.stderr)
        XCTAssertEqual(result.stdout, "2\n")
        XCTAssertEqual(result.status, 1)
    }

    func testLastValueAndSemicolon() throws {
        let result = try runAttn([], input: "6 * 7\n_ + 1\ny = 3;\ny;\ny\n")
        XCTAssertEqual(result.stdout, "42\n43\n3\n")
        XCTAssertEqual(result.status, 0)
    }

    func testDeepRecursionEndsInAMessage() throws {
        let result = try runAttn(["-e", "fn down(n) { return down(n + 1) }\ndown(0)"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error"), result.stderr)
    }
}
