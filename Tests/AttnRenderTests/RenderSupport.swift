import AttnLang
import AttnRender
import Foundation
import XCTest

/// Paths and cached runs shared by the render tests. Every notebook is run once per test
/// process (the runs are deterministic: one seeded generator).
enum RenderSupport {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var notebooksDirectory: String { repoRoot.appendingPathComponent("notebooks").path }

    /// Notebooks that train for minutes; rendered only with `ATTN_RENDER_SLOW=1` (the README's
    /// screenshot of 08 is produced by hand, see README "Rendering notebooks").
    static let slowNotebooks: Set<String> = ["08_train_translator.attn"]

    /// The notebooks the suite renders, sorted.
    static var notebookNames: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: notebooksDirectory)) ?? []
        let slow = ProcessInfo.processInfo.environment["ATTN_RENDER_SLOW"] == "1"
        return all.filter { $0.hasSuffix(".attn") && (slow || !slowNotebooks.contains($0)) }.sorted()
    }

    nonisolated(unsafe) private static var cache: [String: NotebookRun] = [:]

    static func run(notebook name: String) throws -> NotebookRun {
        if let cached = cache[name] { return cached }
        let run = try NotebookRenderer.run(file: notebooksDirectory + "/" + name)
        cache[name] = run
        return run
    }

    /// A small notebook with every kind of cell and output: Markdown (with an indented formula
    /// block), code with comments and strings, text, two heatmaps (one drawn in a loop), a
    /// loss curve, and nothing failing.
    static let fixture = """
        # %% [markdown]
        # # Fixture <notebook> & friends
        #
        # Weights a_ij come from a *softmax*:
        #
        #     a_ij = exp(e_ij) / Σ_k exp(e_ik)
        #
        # - one
        # - two
        # %% Setup
        seed(0)
        w = softmax(randn(3, 4), dim: 1)   # rows sum to 1
        w.shape
        #> (3, 4)
        print("a < b & \\"quoted\\"")
        # %%
        for i in range(2) {
            heatmap(w * (i + 1), rows: ["x", "y", "z"], cols: ["a", "bb", "a_long_token", "<d>"])
        }
        # %% [markdown]
        # A loss curve:
        # %%
        losses = []
        for i in range(20) { losses.append(1 / (i + 1)) }
        plot(losses)
        """

    static func fixtureRun() -> NotebookRun {
        if let cached = cache["<fixture>"] { return cached }
        let run = NotebookRun.run(NotebookText(fixture), file: "fixture.attn")
        cache["<fixture>"] = run
        return run
    }

    /// This process's scratch directory; each test class removes it when it finishes.
    static let temporaryRoot = FileManager.default.temporaryDirectory.appendingPathComponent("attn-render-tests-\(getpid())")

    static func removeTemporaryFiles() {
        try? FileManager.default.removeItem(at: temporaryRoot)
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = temporaryRoot.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a program, returning its exit status, stdout and stderr. The output goes to files
    /// (a pipe nobody reads while the program runs could fill up and stall it).
    @discardableResult
    static func shell(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws
        -> (status: Int32, out: String, err: String) {
        let dir = try temporaryDirectory("shell")
        let outURL = dir.appendingPathComponent("out-\(UUID().uuidString)")
        let errURL = dir.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                process.waitUntilExit()
                throw RenderError("\(executable) did not finish within \(Int(timeout)) s")
            }
            usleep(20_000)
        }
        try outHandle.close()
        try errHandle.close()
        let out = String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
        let err = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        return (process.terminationStatus, out, err)
    }

    /// The path of an executable on PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Counts non-overlapping occurrences of `needle`.
    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}
