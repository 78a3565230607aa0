import Foundation
import XCTest
import TestSupport

/// Nothing lost: every write goes to a temporary file renamed into place, so a failed write
/// leaves the old file intact and a killed process never leaves a half-written file.
final class ReliabilityWriteTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try makeTemporaryDirectory(self)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func contents(_ name: String) -> Data? { FileManager.default.contents(atPath: path(name)) }

    /// A notebook whose update takes a while and writes a large file: 150 cells, each printing
    /// a whole 30×30 tensor (under PyTorch's 1000-element summary threshold), ~1.5 MB in all.
    private func bigNotebook() -> String {
        var text = "seed(0)\nacc = zeros(30, 30)\n"
        for cell in 0..<150 {
            text += "# %%\nacc = acc + randn(30, 30) @ randn(30, 30)\nacc * \(cell + 1)\n"
        }
        return text
    }

    /// Runs attn with `arguments` in the test directory; returns the process, not waiting.
    private func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AttnBinary.path)
        process.arguments = arguments
        process.environment = AttnBinary.environment()
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func testKillingUpdateAtAnyMomentLeavesTheOldOrTheNewNotebook() throws {
        let old = Data(bigNotebook().utf8)
        let notebook = path("big.attn")
        // The complete update, once, gives the new file and how long an update takes.
        try old.write(to: URL(fileURLWithPath: notebook))
        let began = Date()
        let full = try start(["update", "big.attn"])
        full.waitUntilExit()
        let duration = Date().timeIntervalSince(began)
        let new = try XCTUnwrap(contents("big.attn"))
        XCTAssertNotEqual(new, old)
        XCTAssertGreaterThan(new.count, 1_000_000)

        // The kill times close in on the rename by bisection: a kill that leaves the old file
        // moves the next one later, one that leaves the new file moves it earlier. The kills so
        // gather where a torn file would show, and both outcomes happen however busy the machine
        // is (a fixed schedule saw only old files when later runs were slower than the first).
        var sawOld = 0, sawNew = 0
        var earliest = 0.0, latest = duration * 1.5
        var generator = SystemRandomNumberGenerator()
        for round in 0..<16 {
            try old.write(to: URL(fileURLWithPath: notebook))
            let delay = (earliest + latest) / 2 + Double.random(in: 0..<0.01, using: &generator)
            let process = try start(["update", "big.attn"])
            let began = Date()
            while process.isRunning && Date().timeIntervalSince(began) < delay {
                Thread.sleep(forTimeInterval: 0.002)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let now = try XCTUnwrap(contents("big.attn"), "round \(round): the notebook is gone")
            XCTAssertTrue(now == old || now == new, "round \(round): a torn notebook of \(now.count) bytes")
            if now == old {
                sawOld += 1
                earliest = delay
                if delay > 0.9 * latest { latest *= 2 }
            } else if now == new {
                sawNew += 1
                latest = delay
            }
        }
        // Both outcomes happen, so the kills did land before and after the rename.
        XCTAssertGreaterThan(sawOld, 0)
        XCTAssertGreaterThan(sawNew, 0)
    }

    /// A write that fails part-way (the file-size limit is hit) keeps the old file and leaves
    /// no temporary file behind; the error names the file.
    func testFailedSaveLeavesTheOldFileIntact() throws {
        let old = Data("old contents".utf8)
        try old.write(to: URL(fileURLWithPath: path("x.npy")))
        try old.write(to: URL(fileURLWithPath: path("m.safetensors")))
        let script = """
        save(randn(500, 500), "x.npy")
        """
        try script.write(toFile: path("s.attn"), atomically: true, encoding: .utf8)
        try "save({\"w\": randn(500, 500)}, \"m.safetensors\")\n".write(toFile: path("m.attn"), atomically: true, encoding: .utf8)
        for (file, target) in [("s.attn", "x.npy"), ("m.attn", "m.safetensors")] {
            // 64 KiB file-size limit: the 1 MB tensor cannot be written.
            let result = try runAttn(["-c", "ulimit -f 64; exec \"$0\" \"$1\"", AttnBinary.path, file],
                                     directory: directory, executable: "/bin/sh")
            XCTAssertNotEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stderr.contains(target), result.stderr)
            XCTAssertEqual(contents(target), old, "\(target) changed")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("tmp") }
        XCTAssertEqual(leftovers, [])
    }

    func testSaveOverADirectoryOrIntoAMissingFolderFailsCleanly() throws {
        try FileManager.default.createDirectory(atPath: path("folder.npy"), withIntermediateDirectories: true)
        let overDirectory = try runAttn(["-e", "save(ones(2), \"folder.npy\")"], directory: directory)
        XCTAssertNotEqual(overDirectory.status, 0)
        XCTAssertTrue(overDirectory.stderr.contains("folder.npy"), overDirectory.stderr)
        var isDirectory: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("folder.npy"), isDirectory: &isDirectory) && isDirectory.boolValue)
        let missing = try runAttn(["-e", "save(ones(2), \"nowhere/x.npy\")"], directory: directory)
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stderr.contains("nowhere/x.npy"), missing.stderr)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains("tmp") }
        XCTAssertEqual(leftovers, [])
    }

    /// `:save` in the REPL goes through the same temporary-file-and-rename path.
    func testFailedReplSaveKeepsTheOldNotebook() throws {
        let old = Data("# an old notebook\n1 + 1\n#> 2\n".utf8)
        try old.write(to: URL(fileURLWithPath: path("nb.attn")))
        // A 40 000-character output makes the notebook larger than the 16-block file-size limit.
        let input = "s = \"ab\" * 20000\ns\n:save nb.attn\n"
        let result = try runAttn(["-c", "ulimit -f 16; exec \"$0\"", AttnBinary.path], input: input,
                                 directory: directory, executable: "/bin/sh")
        XCTAssertTrue(result.stderr.contains("nb.attn") || result.stdout.contains("nb.attn"), result.stdout + result.stderr)
        XCTAssertEqual(contents("nb.attn"), old)
    }
}
