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
            // Limits are process-wide; a program that changes them must not affect the next.
            let (calls, elements) = (LanguageLimits.maxCallDepth, LanguageLimits.maxElements)
            defer { (LanguageLimits.maxCallDepth, LanguageLimits.maxElements) = (calls, elements) }
            if let failure = try check(file) { XCTFail(failure) }
        }
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
