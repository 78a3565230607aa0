import AttnLang
import Foundation
import TestSupport
import XCTest

/// Calls every builtin, layer call and layer method with combinations of awkward arguments
/// (wrong kinds, negative, fractional, non-finite and huge numbers, empty and ragged lists,
/// empty tensors). Errors are expected; the test fails if any call traps (the process dies)
/// or if a builtin reports an error without naming what went wrong.
final class BuiltinRobustnessTests: XCTestCase {
    /// Second-argument (and first-argument) values.
    static let pool = [
        "none", "-1", "2.5", "nan", "1e15", "\"s\"", "[[1], [2, 3]]", "(2, 3)", "ones(2, 3)", "zeros(0)",
    ]
    /// Further first arguments, tried alone.
    static let single = ["true", "0", "2", "inf", "-inf", "[]", "tensor(3)", "ones(1, 2, 3)", "{\"a\": ones(2)}", "linear(2, 3)"]
    /// Third arguments, kept few so the product stays small.
    static let pool3 = ["none", "-1", "ones(2, 3)"]

    /// Builtins whose calls have effects outside the session.
    static let skipped: Set<String> = ["save", "help", "print", "time"]

    func testAwkwardArgumentsNeverTrap() throws {
        // `write_text("s", "s")` and any other call given "s" as a relative path writes into a
        // scratch directory, not wherever the tests run (it once left a file `s` in the repository).
        let scratch = try makeTemporaryDirectory(self, prefix: "attn-robustness")
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(scratch.path))
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let session = Session()
        var targets: [String] = []
        for b in Registry.standard.allBuiltins where !Self.skipped.contains(b.name) {
            targets.append(b.name)
        }
        let layers = ["linear(2, 3)", "embedding(4, 2)", "dropout(0.5)", "gru(2, 3)", "lstm(2, 3)", "rnn(2, 3)",
                      "attention(method: \"general\", hidden: 2)", "multihead_attention(4, 2)"]
        for (i, l) in layers.enumerated() {
            XCTAssertTrue(run(session, "layer\(i) = \(l)").isEmpty)
            targets.append("layer\(i)")
            targets.append("layer\(i).score")
        }
        XCTAssertTrue(run(session, "attention_layer = layer6").isEmpty)
        var calls = 0
        for f in targets {
            var argLists: [[String]] = [[]]
            argLists += (Self.pool + Self.single).map { [$0] }
            for a in Self.pool { for b in Self.pool { argLists.append([a, b]) } }
            for a in Self.pool3 { for b in Self.pool3 { for c in Self.pool3 { argLists.append([a, b, c]) } } }
            for args in argLists {
                let source = "\(f)(\(args.joined(separator: ", ")))"
                for message in run(session, source) {
                    XCTAssertFalse(message.isEmpty, "\(source): empty error message")
                }
                calls += 1
            }
        }
        XCTAssertGreaterThan(calls, 10_000)
    }

    /// Error messages of one run (none when it succeeded).
    func run(_ session: Session, _ source: String) -> [String] {
        var errors: [String] = []
        session.run(source: source, file: "<robustness>") { outcome in
            if let e = outcome.error { errors.append(e.message) }
        }
        return errors
    }
}
