import AttnLang
import Foundation
import XCTest

/// Runs every `Golden/<feature>/<name>.attn` program and compares what each top-level statement
/// shows with the `#> ` lines right below it (errors as `#> error: message`), as `attn check` does.
final class GoldenTests: XCTestCase {
    static let goldenRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    func testGoldenPrograms() throws {
        // GOLDEN_FILTER=indexing runs only the programs whose path contains it.
        let filter = ProcessInfo.processInfo.environment["GOLDEN_FILTER"] ?? ""
        let files = try goldenFiles().filter { filter.isEmpty || $0.path.contains(filter) }
        XCTAssertGreaterThan(files.count, filter.isEmpty ? 10 : 0, "golden programs not found under \(Self.goldenRoot.path)")
        var failures: [String] = []
        for file in files {
            // Limits are process-wide; a program that changes them must not affect the next.
            let (calls, elements) = (LanguageLimits.maxCallDepth, LanguageLimits.maxElements)
            defer { (LanguageLimits.maxCallDepth, LanguageLimits.maxElements) = (calls, elements) }
            failures += try check(file)
        }
        for failure in failures { XCTFail(failure) }
    }

    func goldenFiles() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: Self.goldenRoot, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "attn" { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Mismatches in one program, each as `Golden/feature/name.attn:LINE: ...`.
    func check(_ url: URL) throws -> [String] {
        let source = try String(contentsOf: url, encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let name = "Golden/" + url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent

        // Expected blocks: runs of `#>` lines, keyed by the line just above the run.
        var expected: [Int: [String]] = [:]
        var i = 0
        while i < lines.count {
            if isRecorded(lines[i]) {
                let anchor = i  // 1-based number of the line above = i
                var block: [String] = []
                while i < lines.count && isRecorded(lines[i]) {
                    block.append(recordedText(lines[i]))
                    i += 1
                }
                expected[anchor] = block
            } else {
                i += 1
            }
        }

        var actual: [Int: [String]] = [:]
        var order: [Int] = []
        let session = Session()
        session.run(source: source, file: name) { outcome in
            var shown = outcome.items.flatMap { $0.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            if let error = outcome.error { shown.append("error: " + error.message) }
            if shown.isEmpty { return }
            if actual[outcome.lastLine] == nil { order.append(outcome.lastLine) }
            actual[outcome.lastLine, default: []] += shown
        }

        if ProcessInfo.processInfo.environment["RECORD"] == "1" {
            // Rewrites the program with what it shows now (review with git diff).
            var out: [String] = []
            for (n, text) in lines.enumerated() where !isRecorded(text) {
                out.append(text)
                for shown in actual[n + 1] ?? [] { out.append(shown.isEmpty ? "#>" : "#> " + shown) }
            }
            try out.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            return []
        }

        var failures: [String] = []
        for line in Set(expected.keys).union(actual.keys).sorted() {
            let want = expected[line] ?? []
            let got = actual[line] ?? []
            guard want != got else { continue }
            let where_ = "\(name):\(line + (want.isEmpty ? 0 : 1))"
            let firstDiff = (0..<min(want.count, got.count)).first { want[$0] != got[$0] } ?? min(want.count, got.count)
            let w = firstDiff < want.count ? want[firstDiff] : "<nothing>"
            let g = firstDiff < got.count ? got[firstDiff] : "<nothing>"
            failures.append("\(where_): output of the statement ending on line \(line) differs at its line \(firstDiff + 1)\n  expected: \(w)\n  actual:   \(g)\n  all actual:\n" + got.map { "    #> " + $0 }.joined(separator: "\n"))
        }
        return failures
    }

    func isRecorded(_ line: String) -> Bool { line == "#>" || line.hasPrefix("#> ") }
    func recordedText(_ line: String) -> String { line == "#>" ? "" : String(line.dropFirst(3)) }
}
