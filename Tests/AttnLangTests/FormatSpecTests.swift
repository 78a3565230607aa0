import AttnLang
import Foundation
import XCTest

/// `format(x, spec)` against Python's own `format()` (scripts/fixtures/format_spec.py wrote the
/// expected strings; null where Python raises, so attn must raise too).
final class FormatSpecTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/format_spec.json")

    /// The value as attn source.
    func literal(_ kind: String, _ text: String) -> String {
        switch kind {
        case "number":
            switch text {
            case "nan": return "(0 * inf)"
            case "inf": return "inf"
            case "-inf": return "-inf"
            default: return "(\(text))"
            }
        case "string":
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        default:
            return text
        }
    }

    func testMatchesPythonFormat() throws {
        let cases = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture)) as? [[Any]])
        XCTAssertGreaterThan(cases.count, 1000)
        let session = Session()
        var failures: [String] = []
        for c in cases {
            let kind = c[0] as! String, value = c[1] as! String, spec = c[2] as! String
            let expected = c[3] as? String
            let escapedSpec = spec.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            var shown: [String] = []
            var error: String?
            session.run(source: "print(format(\(literal(kind, value)), \"\(escapedSpec)\"))", file: "<test>") { outcome in
                shown += outcome.items.map(\.text)
                if let e = outcome.error { error = e.message }
            }
            let actual = error == nil ? shown.joined(separator: "\n") : nil
            if actual != expected {
                failures.append("format(\(value), \"\(spec)\"): expected \(expected.map { "\"\($0)\"" } ?? "an error"), got \(actual.map { "\"\($0)\"" } ?? "error: \(error ?? "")")")
            }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(cases.count) differ: " + failures.prefix(40).joined(separator: " ;; "))
    }
}
