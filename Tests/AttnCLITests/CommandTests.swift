import Foundation
import XCTest
import TestSupport

/// `attn FILE`, `-e`, piped stdin, `--version`, `help` and the exit statuses.
final class CommandTests: XCTestCase {
    func testVersion() throws {
        let result = try runAttn(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("attn "), result.stdout)
    }

    func testUsageErrorsExitWithTwo() throws {
        for arguments in [["--no-such-option"], ["-e"], ["-e", "1", "file.attn"], ["check"], ["update"], ["help", "a", "b"]] {
            let result = try runAttn(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertFalse(result.stderr.isEmpty, "\(arguments)")
        }
    }

    func testEvaluatesCode() throws {
        let result = try runAttn(["-e", "1 + 1"])
        XCTAssertEqual(result.stdout, "2\n")
        XCTAssertEqual(result.stderr, "")
        XCTAssertEqual(result.status, 0)
    }

    func testRuntimeErrorExitsWithOneAndShowsTheDiagnostic() throws {
        let result = try runAttn(["-e", "x = 1\nx + no_such_name"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("error"), result.stderr)
        XCTAssertTrue(result.stderr.contains("<-e>:2:"), result.stderr)
        XCTAssertFalse(result.stderr.contains("\u{1B}["), "no colour when piped")
    }

    func testParseErrorExitsWithTwo() throws {
        let result = try runAttn(["-e", "print(1)\nx = = 2"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stdout, "", "a parse error runs nothing")
        XCTAssertTrue(result.stderr.contains("<-e>:2:"), result.stderr)
    }

    func testRunsAFileAndPrintsItsOutputs() throws {
        let directory = try makeTemporaryDirectory(self)
        let file = directory.appendingPathComponent("script.attn")
        try "# %%\nx = 6\nx * 7\n#> stale recorded output is a comment\nprint(\"done\")\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try runAttn([file.path])
        XCTAssertEqual(result.stdout, "42\ndone\n")
        XCTAssertEqual(result.status, 0)
        let missing = try runAttn([directory.appendingPathComponent("missing.attn").path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("missing.attn"), missing.stderr)
    }

    func testReadsStatementsFromPipedStdin() throws {
        let result = try runAttn([], input: "x = 2\nfn twice(a) {\n  return a * 2\n}\ntwice(x)\n:vars\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.hasPrefix("4\n"), result.stdout)
        XCTAssertFalse(result.stdout.contains("attn>"), "no prompt when stdin is not a terminal")
        XCTAssertTrue(result.stdout.contains("twice"), result.stdout)
        let failing = try runAttn([], input: "no_such_name\n1 + 2\n")
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.stdout.contains("3"), "later entries still run: \(failing.stdout)")
    }

    func testHelpForABuiltin() throws {
        let result = try runAttn(["help", "softmax"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("softmax("), result.stdout)
        // One help text: the language's help() prints exactly what `attn help` does.
        XCTAssertEqual(try runAttn(["-e", "help(softmax)"]).stdout, result.stdout)
        let unknown = try runAttn(["help", "no_such_builtin_xyz"])
        XCTAssertEqual(unknown.status, 2)
        let general = try runAttn(["help"])
        XCTAssertEqual(general.status, 0)
        XCTAssertTrue(general.stdout.contains(":timeit"), general.stdout)
    }

    func testNoColourWithNO_COLOROnATerminal() throws {
        let terminal = try PseudoTerminal(AttnBinary.path, ["-e", "no_such_name"], environment: AttnBinary.environment())
        XCTAssertEqual(terminal.waitForExit(), 1)
        let coloured = try PseudoTerminal(AttnBinary.path, ["-e", "no_such_name"],
                                          environment: AttnBinary.environment().filter { $0.key != "NO_COLOR" })
        try coloured.expect("\u{1B}[1;31merror")
        XCTAssertEqual(coloured.waitForExit(), 1)
        XCTAssertFalse(terminal.unread.contains("\u{1B}[1;31m"))
    }

    /// OpenBLAS reports the kernels it picked with OPENBLAS_VERBOSE=2, once per load. On an
    /// AVX-512 CPU attn ends with AVX-512 kernels: at once when the library chose such a family
    /// itself (one load), else after re-exec'ing with SkylakeX (two loads). Elsewhere one load.
    func testOpenBLASKernelsAreChosenBeforeTheLibraryLoads() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        let avx512 = flags.split(separator: " ").contains("avx512f")
        let unset = try runAttn(["-u", "OPENBLAS_CORETYPE", "OPENBLAS_VERBOSE=2", AttnBinary.path, "-e", "1 + 1"],
                                executable: "/usr/bin/env")
        XCTAssertEqual(unset.stdout, "2\n")
        let cores = unset.stderr.split(separator: "\n").filter { $0.hasPrefix("Core: ") }
        let avx512Families: Set<Substring> = ["Core: SkylakeX", "Core: Cooperlake", "Core: SapphireRapids"]
        if avx512 {
            XCTAssertTrue(cores.last.map(avx512Families.contains) ?? false, unset.stderr)
            let chosenByLibrary = cores.first.map(avx512Families.contains) ?? false
            XCTAssertEqual(cores.count, chosenByLibrary ? 1 : 2, unset.stderr)
            if !chosenByLibrary { XCTAssertEqual(cores.last, "Core: SkylakeX", unset.stderr) }
        } else {
            XCTAssertEqual(cores.count, 1, unset.stderr)
        }
        let preset = try runAttn(["-e", "1 + 1"], environment: ["OPENBLAS_CORETYPE": "Haswell", "OPENBLAS_VERBOSE": "2"])
        XCTAssertEqual(preset.stderr.split(separator: "\n").filter { $0.hasPrefix("Core: ") }, ["Core: Haswell"],
                       "a preset choice is left alone")
    }

    func testSaveWritesANotebookThatPassesCheck() throws {
        let directory = try makeTemporaryDirectory(self)
        let notebook = directory.appendingPathComponent("session.attn").path
        let result = try runAttn([], input: "a = 3\na * 2\nno_such_name\nprint(a, a)\n:save \(notebook)\n")
        XCTAssertTrue(result.stdout.contains("saved 3 entries"), result.stdout)
        let saved = try String(contentsOfFile: notebook, encoding: .utf8)
        XCTAssertTrue(saved.contains("a * 2\n#> 6\n"), saved)
        XCTAssertFalse(saved.contains("# %%\nno_such_name"), "failed entries are not saved as code: \(saved)")
        XCTAssertTrue(saved.contains("# %% [markdown]\n# Left out by `:save`"), "a note says what was left out: \(saved)")
        XCTAssertTrue(saved.contains("#     no_such_name\n"), saved)
        let check = try runAttn(["check", notebook])
        XCTAssertEqual(check.stdout, "1 passed, 0 failed\n")
        XCTAssertEqual(check.status, 0)
    }
}
