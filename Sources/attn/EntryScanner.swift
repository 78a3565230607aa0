/// A cheap guess at whether a growing REPL entry may be complete, kept up to date one line at
/// a time. Asking the lexer after every line re-lexes the whole entry, which made pasting an
/// 8000-line literal (or 1 MB on stdin) quadratic. Small entries are always checked, exactly
/// as before; once an entry is large, the REPL asks the lexer only
/// - when a closing bracket balances the entry, outside strings and comments;
/// - when a line starts a statement inside `(` or `[` (the lexer's own sign of a bracket left
///   open), or the scanner otherwise sees nothing open, but then only after the entry has
///   grown by half since the last check, so input the scanner misreads costs O(n) overall.
struct EntryScanner {
    private var openers: [Unicode.Scalar] = []
    private var underflow = false
    /// The open string's quote and whether it is triple-quoted.
    private var quote: (scalar: Unicode.Scalar, triple: Bool)?
    private var nextCheckAt = 0

    /// Entries shorter than this (in bytes) are always checked with the lexer.
    static let alwaysCheckBelow = 4096

    /// Scans the entry's newest `line` (the entry is now `size` bytes); returns true when the
    /// lexer should be asked whether it is complete.
    mutating func scan(_ line: String, size: Int) -> Bool {
        let s = Array(line.unicodeScalars)
        let weak = quote == nil && (openers.last == "(" || openers.last == "[") && Self.startsStatement(s)
        var balanced = false
        var i = 0
        while i < s.count {
            let c = s[i]
            if let open = quote {
                if c == "\\" { i += 2; continue }
                if c == open.scalar {
                    if !open.triple { quote = nil }
                    else if i + 2 < s.count, s[i + 1] == c, s[i + 2] == c { quote = nil; i += 2 }
                }
                i += 1
                continue
            }
            switch c {
            case "#": i = s.count; continue
            case "\"", "'":
                let triple = i + 2 < s.count && s[i + 1] == c && s[i + 2] == c
                quote = (c, triple)
                if triple { i += 2 }
            case "(", "[", "{": openers.append(c)
            case ")", "]", "}":
                if openers.popLast() == nil { underflow = true } else if openers.isEmpty { balanced = true }
            default: break
            }
            i += 1
        }
        let open = quote != nil || !openers.isEmpty
        if size < Self.alwaysCheckBelow || (balanced && !open) { nextCheckAt = size + size / 2; return true }
        guard weak || !open || underflow, size >= nextCheckAt else { return false }
        nextCheckAt = size + size / 2
        return true
    }

    /// `fn`, `if`, `while`, `for`, `return`, `break`, `continue`, or `name =` / `name op=`.
    private static func startsStatement(_ s: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
        var word = ""
        while i < s.count, s[i].properties.isAlphabetic || s[i] == "_" || ("0"..."9").contains(s[i]) {
            word.unicodeScalars.append(s[i]); i += 1
        }
        if ["fn", "if", "while", "for", "return", "break", "continue"].contains(word) { return true }
        guard !word.isEmpty else { return false }
        while i < s.count, s[i] == " " || s[i] == "\t" { i += 1 }
        guard i < s.count else { return false }
        if s[i] == "=" { return i + 1 >= s.count || s[i + 1] != "=" }
        return i + 1 < s.count && s[i + 1] == "=" && "+-*/%@&|".unicodeScalars.contains(s[i])
    }
}
