import AttnLang

/// Syntax highlighting for `.attn` code from the language's own `Lexer`, so the page colours
/// exactly what the interpreter reads. The lexer skips comments and blanks; the text between
/// tokens is therefore either whitespace or a comment running to the end of its line.
public enum CodeHighlighter {
    /// `code` as HTML: tokens wrapped in `<span class="…">`, everything else escaped.
    public static func html(_ code: String) -> String {
        let scalars = Array(code.unicodeScalars)
        var lineStarts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { lineStarts.append(i + 1) }
        let tokens = Lexer.tokenize(code)
        var out = ""
        out.reserveCapacity(code.utf8.count * 2)
        var cursor = 0
        for (k, token) in tokens.enumerated() {
            guard let cls = cssClass(token, next: k + 1 < tokens.count ? tokens[k + 1].kind : .eof) else {
                continue
            }
            let line = token.line - 1
            guard line >= 0, line < lineStarts.count else { continue }
            let start = lineStarts[line] + token.column - 1
            let end = min(start + max(token.length, 1), scalars.count)
            // Tokens come in order; anything overlapping what was written is left plain.
            guard start >= cursor, start < end else { continue }
            appendGap(scalars[cursor..<start], to: &out)
            out += "<span class=\"\(cls)\">"
            XMLText.append(scalars[start..<end], to: &out)
            out += "</span>"
            cursor = end
        }
        appendGap(scalars[cursor...], to: &out)
        return out
    }

    /// The class for a token; nil for tokens left unstyled (newline, end of input).
    static func cssClass(_ token: Token, next: TokenKind) -> String? {
        switch token.kind {
        case .newline, .eof: return nil
        case .number, .kwTrue, .kwFalse, .kwNone, .kwInf: return "n"
        case .string, .formatString: return "s"
        case .identifier:
            if next == .leftParen { return "f" }
            if next == .colon { return "a" }
            return "v"
        case .kwAnd, .kwOr, .kwNot, .kwIn, .kwFn, .kwReturn, .kwIf, .kwElse, .kwWhile, .kwFor,
             .kwBreak, .kwContinue, .kwWith:
            return "k"
        case .error: return "e"
        case .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
             .comma, .colon, .semicolon, .dot, .ellipsis:
            return "p"
        default: return "o"
        }
    }

    /// Whitespace and comments between tokens: a `#` starts a comment to the end of its line.
    static func appendGap(_ gap: ArraySlice<Unicode.Scalar>, to out: inout String) {
        var i = gap.startIndex
        while i < gap.endIndex {
            if gap[i] == "#" {
                var end = i
                while end < gap.endIndex, gap[end] != "\n" { end += 1 }
                out += "<span class=\"c\">"
                XMLText.append(gap[i..<end], to: &out)
                out += "</span>"
                i = end
            } else {
                XMLText.append(gap[i..<(i + 1)], to: &out)
                i += 1
            }
        }
    }
}
