extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks (command arguments,
    /// headings). The language's `strip` trims all Unicode whitespace instead.
    public func trimmingBlanks() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
