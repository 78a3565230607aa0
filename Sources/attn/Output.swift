import AttnLang
import Glibc

/// Where displayed values and diagnostics go, and whether they are coloured: colour only on a
/// terminal, never with `NO_COLOR` set (no-color.org) or `TERM=dumb`.
struct Output {
    var colorOut: Bool
    var colorErr: Bool

    static func detect() -> Output {
        let allowed: Bool = {
            if let value = getenv("NO_COLOR"), value.pointee != 0 { return false }
            if let term = getenv("TERM"), String(cString: term) == "dumb" { return false }
            return true
        }()
        return Output(colorOut: allowed && isatty(1) == 1, colorErr: allowed && isatty(2) == 1)
    }

    /// By byte count, not as a C string: `print("a\0b")` must write all of it, NUL included.
    func write(_ text: String) {
        Self.put(text, stdout)
    }

    /// Diagnostics go to stderr, after whatever stdout holds so the order on screen is right.
    func writeError(_ text: String) {
        fflush(stdout)
        Self.put(text, stderr)
        fflush(stderr)
    }

    static func put(_ text: String, _ stream: UnsafeMutablePointer<FILE>) {
        var text = text
        text.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stream) }
    }

    func show(_ item: DisplayItem) {
        switch item {
        case .figure(let figure): write((colorOut ? figure.colorText : figure.text) + "\n")
        case .text(let text): write((colorOut ? Self.highlightShapes(text) : text) + "\n")
        }
    }

    func show(_ diagnostic: Diagnostic) {
        writeError(diagnostic.rendered(color: colorErr) + "\n")
    }

    func show(_ outcome: StatementOutcome) {
        for item in outcome.items { show(item) }
        if let error = outcome.error { show(error) }
        fflush(stdout)
    }

    /// A short error of the command itself (not located in source).
    func fail(_ message: String) {
        let label = colorErr ? "\u{1B}[1;31merror\u{1B}[0m" : "error"
        writeError("\(label): \(terminalSafe(message))\n")
    }

    /// Colours the shape in a type description (`tensor [1, 5, 4]`) like printed shapes.
    static func highlightBrackets(_ text: String) -> String {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return text }
        return text[..<open] + "\u{1B}[36m" + text[open...close] + "\u{1B}[0m" + text[text.index(after: close)...]
    }

    /// Colours the `shape=[...]` suffix of printed tensors so it stands apart from the numbers.
    static func highlightShapes(_ text: String) -> String {
        guard text.contains("shape=[") else { return text }
        var out = ""
        var rest = Substring(text)
        while let start = rest.firstRange(of: "shape=["), let close = rest[start.upperBound...].firstIndex(of: "]") {
            out += rest[..<start.lowerBound]
            out += "\u{1B}[36m" + rest[start.lowerBound...close] + "\u{1B}[0m"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
