import AttnLang
import Glibc

/// `attn check` and `attn update`: the golden workflow over recorded outputs (`#>` lines).
/// Both re-run each notebook in a fresh session and re-record it in memory; `check` compares
/// that with the file, `update` writes it back. Since `check` passes exactly when `update`
/// would change nothing but trailing blanks of `#>` lines, `check` after `update` passes.
enum Golden {
    enum Rerun {
        case recorded(file: NotebookText, actual: NotebookText)
        case unreadable(String)
        case parseFailed([Diagnostic])
    }

    static func rerun(_ path: String) -> Rerun {
        let bytes: [UInt8]
        do { bytes = try FileIO.read(path) } catch { return .unreadable("\(error)") }
        let file = NotebookText(bytes: bytes)
        let (actual, result) = file.rerun(name: path)
        if case .parseFailed(let diagnostics) = result { return .parseFailed(diagnostics) }
        return .recorded(file: file, actual: actual)
    }

    /// Exit status: 0 all passed, 1 a mismatch, 2 a file that cannot be read or parsed.
    static func check(_ paths: [String], output: Output) -> Int32 {
        var passed = 0, failed = 0, status: Int32 = 0
        for path in paths {
            switch rerun(path) {
            case .unreadable(let message):
                output.fail(message)
                failed += 1
                status = 2
            case .parseFailed(let diagnostics):
                diagnostics.forEach(output.show)
                failed += 1
                status = 2
            case .recorded(let file, let actual):
                guard let difference = file.firstRecordedDifference(from: actual) else {
                    passed += 1
                    continue
                }
                failed += 1
                status = max(status, 1)
                output.write("""
                    \(path):\(difference.line): recorded output differs
                      expected: \(difference.expected ?? "(no recorded line)")
                      actual:   \(difference.actual ?? "(no output)")


                    """)
            }
        }
        output.write("\(passed) passed, \(failed) failed\n")
        return status
    }

    /// Rewrites the `#>` blocks of each file in place (atomically); a file that does not parse
    /// is left alone. Exit status: 0, 1 when a write failed, 2 for unreadable or unparsable files.
    static func update(_ paths: [String], output: Output) -> Int32 {
        var status: Int32 = 0
        for path in paths {
            switch rerun(path) {
            case .unreadable(let message):
                output.fail(message)
                status = 2
            case .parseFailed(let diagnostics):
                diagnostics.forEach(output.show)
                output.fail("\(path) not updated: it does not parse")
                status = 2
            case .recorded(let file, let actual):
                guard actual != file else { continue }
                do {
                    try FileIO.writeAtomically(actual.bytes, to: path, op: "update", expecting: file.bytes)
                    output.write("updated \(path)\n")
                } catch {
                    output.fail("\(error)")
                    status = max(status, 1)
                }
            }
        }
        return status
    }
}
