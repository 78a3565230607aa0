import AttnLang
import Foundation
import XCTest

/// Runs every `Golden/<feature>/<name>.attn` program through the product's own golden runner
/// (`NotebookText.rerun`, what `attn check` uses) and compares the `#>` blocks, so every golden
/// program also exercises the notebook code. To re-record one: `attn update FILE` (then review
/// the diff: outputs must be what PyTorch/Python would print).
final class GoldenTests: XCTestCase {
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func testGoldenPrograms() throws {
        // GOLDEN_FILTER=indexing runs only the programs whose path contains it.
        let filter = ProcessInfo.processInfo.environment["GOLDEN_FILTER"] ?? ""
        let files = try goldenFiles().filter { filter.isEmpty || $0.path.contains(filter) }
        XCTAssertGreaterThan(files.count, filter.isEmpty ? 10 : 0, "golden programs not found under \(Self.goldenRoot.path)")
        for file in files {
            if let failure = try check(file) { XCTFail(failure) }
        }
    }

    /// `attn check a b` gives b what `attn update b` recorded in a process of its own: the
    /// runner restarts the generator and puts back the settings a changed.
    func testEachNotebookRunsAsInAProcessOfItsOwn() {
        let second = NotebookText("fn depth(n) { return 0 if n == 0 else 1 + depth(n - 1) }\ndepth(300)\nrand(3)\nget_num_threads()\n")
        let alone = String(decoding: second.rerun(name: "second").recorded.bytes, as: UTF8.self)
        let first = NotebookText("set_limit(\"recursion\", 100)\nset_num_threads(1)\nseed(7)\nrand(5)\n")
        _ = first.rerun(name: "first")
        XCTAssertEqual(String(decoding: second.rerun(name: "second").recorded.bytes, as: UTF8.self), alone)
        XCTAssertTrue(alone.contains("#> 300"), alone)
    }

    func goldenFiles() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: Self.goldenRoot, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "attn" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// The first mismatch in one program, as `attn check` reports it, or nil.
    func check(_ url: URL) throws -> String? {
        let name = "Golden/" + url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
        let file = NotebookText(bytes: Array(try Data(contentsOf: url)))
        let (actual, result) = file.rerun(name: name)
        if case .parseFailed(let errors) = result, !file.lines.contains(where: \.isRecordedOutput) {
            return "\(name): does not parse: \(errors.map(\.message).joined(separator: "; "))"
        }
        guard let difference = file.firstRecordedDifference(from: actual) else { return nil }
        return """
            \(name):\(difference.line): recorded output differs
              expected: \(difference.expected ?? "(no recorded line)")
              actual:   \(difference.actual ?? "(no output)")
            re-recorded:
            \(actual.source)
            """
    }
}
