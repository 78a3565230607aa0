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

    private static func lines(of text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line($0) }
    }
}
