/// The text of recorded outputs (`#>` lines), shared by `attn check`/`update`, the REPL's
/// `:save` and the renderer.
public enum RecordedOutput {
    /// `#> ` plus the line, or `#>` alone for an empty line.
    public static func line(_ text: Substring) -> String {
        text.isEmpty ? "#>" : "#> " + text
    }

    /// The recorded lines for a statement: each item's text line by line, then, when it
    /// failed, `error: <message>`. The caret art and the location are left out on purpose:
    /// the block already sits under the statement, and the form must not change when an
    /// unrelated line above is edited.
    public static func lines(items: [DisplayItem], error: Diagnostic?) -> [String] {
        var out: [String] = []
        for item in items { out += lines(of: item.text) }
        if let error { out += lines(of: "error: " + error.message) }
        return out
    }

    /// The text that produced a recorded block (the inverse of `lines`): `#> x` gives `x`.
    public static func text(ofRecorded line: String) -> String? {
        guard line.hasPrefix("#>") else { return nil }
        let rest = line.dropFirst(2)
        return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
    }

    /// Split on `\n`, `\r\n` and a lone `\r` alike, by scalar: Swift's `Character` treats
    /// `\r\n` as one character, so splitting on `"\n"` kept `\r\n` inside a line, and the
    /// text after it became a real source line of the notebook (code injection on `update`).
    /// Every recorded line therefore starts with `#>`, whatever the output holds.
    static func lines(of text: String) -> [String] {
        var out: [String] = []
        var current = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR { afterCR = false; continue }
            afterCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                out.append(line(Substring(String(current))))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        out.append(line(Substring(String(current))))
        return out
    }
}
