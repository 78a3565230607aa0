/// Turns source text into tokens (LANGUAGE.md section 2).
///
/// Newlines end statements except inside `( )`, `[ ]` and the braces of a dict literal. Whether a
/// `{` opens a block or a dict is decided here from the token before it: after something that
/// ends an expression (a name, a literal, `)`, `]`) or after `else` it opens a block; anywhere
/// else (after `=`, `(`, `,`, `:`, an operator, at the start of a statement) it opens a dict.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var openers: [TokenKind] = []
    /// `openers` entries for `{` that open dicts rather than blocks.
    private var dictBraces: [Bool] = []
    private var previous: TokenKind = .newline
    private var tokenStart = 0, tokenLine = 1, tokenColumn = 1
    private var lastEndLine = 1, lastEndColumn = 1

    public init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// Every token, ending with `.eof`.
    public static func tokenize(_ source: String) -> [Token] {
        var lexer = Lexer(source)
        return lexer.all()
    }

    /// True when the source ends inside an open bracket or brace: the REPL reads more.
    public static func isIncomplete(_ source: String) -> Bool {
        var lexer = Lexer(source)
        let tokens = lexer.all()
        // A string ends on its line, so one left open is an error more lines cannot fix: the
        // entry is complete (and reports it) even inside an open bracket (`print("abc`).
        if tokens.contains(where: { $0.kind == .error && $0.text.hasPrefix(Lexer.unterminatedString) }) { return false }
        return !lexer.openers.isEmpty
    }

    static let unterminatedString = "unterminated string"

    public mutating func all() -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 3 + 1)
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private var newlinesIgnored: Bool {
        guard let top = openers.last else { return false }
        return top != .leftBrace || dictBraces.last == true
    }

    /// True when the line after the newline at `index` begins with something that can only start
    /// a statement: `name =` / `name op=` or `fn if while for return break continue`. Neither can
    /// continue an expression (keyword arguments use `:`, and there are no conditional expressions
    /// or comprehensions), so an open bracket before it was left unclosed.
    private func nextLineStartsStatement() -> Bool {
        var i = index + 1
        // Blank and comment lines (such as recorded `#>` outputs) do not count.
        while i < scalars.count {
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\r" || c == "\n" { i += 1; continue }
            if c == "#" {
                while i < scalars.count, scalars[i] != "\n" { i += 1 }
                continue
            }
            break
        }
        let wordStart = i
        while i < scalars.count, isIdentifierPart(scalars[i]) { i += 1 }
        guard i > wordStart, isIdentifierStart(scalars[wordStart]) else { return false }
        let word = String(String.UnicodeScalarView(scalars[wordStart..<i]))
        if ["fn", "if", "while", "for", "return", "break", "continue"].contains(word) { return true }
        if TokenKind.keywords[word] != nil { return false }
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        guard i < scalars.count else { return false }
        let c = scalars[i]
        let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
        if c == "=" { return next != "=" }
        return (c == "+" || c == "-" || c == "*" || c == "/") && next == "="
    }

    public mutating func next() -> Token {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if c == "#" {
                while let d = peek(), d != "\n" { advance() }
            } else if c == "\\" && peek(1) == "\n" {
                // An explicit line continuation.
                advance(); advance()
            } else if c == "\n" {
                if newlinesIgnored && nextLineStartsStatement() {
                    // `x = (1 + 2` followed by `y = 3`: the bracket was never closed. Closing it
                    // here lets the parser report it on the right line and go on.
                    while let top = openers.last, top != .leftBrace || dictBraces.last == true {
                        openers.removeLast()
                        if top == .leftBrace { dictBraces.removeLast() }
                    }
                }
                if newlinesIgnored || previous == .newline || previous == .semicolon {
                    advance()
                } else {
                    // Placed right after the last token, so "got end of line" points at the line's end.
                    let token = Token(kind: .newline, text: "\\n", line: lastEndLine, column: lastEndColumn, length: 1)
                    advance()
                    previous = .newline
                    return token
                }
            } else {
                break
            }
        }
        let token = scanToken()
        previous = token.kind
        lastEndLine = line
        lastEndColumn = column
        return token
    }

    /// The token from `tokenStart` to the current position.
    private func make(_ kind: TokenKind, _ text: String? = nil, number: Double = 0) -> Token {
        let length = max(index - tokenStart, 1)
        let lexeme = text ?? String(String.UnicodeScalarView(scalars[tokenStart..<index]))
        return Token(kind: kind, text: lexeme, number: number, line: tokenLine, column: tokenColumn, length: length)
    }

    private mutating func scanToken() -> Token {
        tokenStart = index
        tokenLine = line
        tokenColumn = column
        let start = index
        guard let c = peek() else {
            return Token(kind: .eof, text: "", line: line, column: column, length: 1)
        }
        if isDigit(c) || (c == "." && peek(1).map(isDigit) == true && !endsExpression(previous)) {
            return scanNumber()
        }
        if isIdentifierStart(c) {
            while let d = peek(), isIdentifierPart(d) { advance() }
            let word = String(String.UnicodeScalarView(scalars[start..<index]))
            return make(TokenKind.keywords[word] ?? .identifier, word)
        }
        if c == "\"" || c == "'" { return scanString(quote: c) }
        advance()
        switch c {
        case "(": openers.append(.leftParen); return make(.leftParen)
        case "[": openers.append(.leftBracket); return make(.leftBracket)
        case "{":
            openers.append(.leftBrace)
            dictBraces.append(!(endsExpression(previous) || previous == .kwElse))
            return make(.leftBrace)
        case ")": close(.leftParen); return make(.rightParen)
        case "]": close(.leftBracket); return make(.rightBracket)
        case "}": close(.leftBrace); return make(.rightBrace)
        case ",": return make(.comma)
        case ":": return make(.colon)
        case ";": return make(.semicolon)
        case ".":
            if peek() == "." && peek(1) == "." { advance(); advance(); return make(.ellipsis) }
            return make(.dot)
        case "+": return match("=") ? make(.plusEqual) : make(.plus)
        case "-": return match("=") ? make(.minusEqual) : make(.minus)
        case "*":
            if match("*") { return make(.starStar) }
            return match("=") ? make(.starEqual) : make(.star)
        case "/": return match("=") ? make(.slashEqual) : make(.slash)
        case "%": return make(.percent)
        case "@": return make(.at)
        case "=": return match("=") ? make(.equalEqual) : make(.equal)
        case "!":
            if match("=") { return make(.bangEqual) }
            return make(.error, "unexpected character '!' (use 'not' for negation)")
        case "<": return match("=") ? make(.lessEqual) : make(.less)
        case ">": return match("=") ? make(.greaterEqual) : make(.greater)
        default:
            return make(.error, "unexpected character '\(c)'")
        }
    }

    private mutating func match(_ c: Unicode.Scalar) -> Bool {
        if peek() == c { advance(); return true }
        return false
    }

    /// A closing bracket pops its opener; a stray one is left for the parser to report.
    private mutating func close(_ opener: TokenKind) {
        if openers.last == opener {
            openers.removeLast()
            if opener == .leftBrace { dictBraces.removeLast() }
        }
    }

    private mutating func scanNumber() -> Token {
        let start = index
        while let d = peek(), isDigit(d) { advance() }
        if peek() == ".", let d = peek(1), isDigit(d) {
            advance()
            while let d = peek(), isDigit(d) { advance() }
        }
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if let d = peek(signed ? 2 : 1), isDigit(d) {
                advance()
                if signed { advance() }
                while let d = peek(), isDigit(d) { advance() }
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<index]))
        guard let value = Double(text.hasPrefix(".") ? "0" + text : text) else {
            return make(.error, "malformed number '\(text)'")
        }
        return make(.number, text, number: value)
    }

    private mutating func scanString(quote: Unicode.Scalar) -> Token {
        advance()
        var value = String.UnicodeScalarView()
        var badEscape: String?
        while let c = peek(), c != quote {
            if c == "\n" { break }
            if c == "\\" {
                advance()
                guard let e = peek(), e != "\n" else { break }
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "0": value.append("\0")
                case "\"": value.append("\"")
                case "'": value.append("'")
                case "\\": value.append("\\")
                default: badEscape = badEscape ?? "unknown escape '\\\(e)' in string (use \\n \\t \\\" \\\\)"
                }
                advance()
            } else {
                value.append(c)
                advance()
            }
        }
        guard peek() == quote else {
            return make(.error, Lexer.unterminatedString + " (a string must end with \(quote) on the same line)")
        }
        advance()
        if let badEscape { return make(.error, badEscape) }
        return make(.string, String(value))
    }
}

@inline(__always) func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
    (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || (c.value > 127 && c.properties.isAlphabetic)
}

func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }

/// Tokens after which a `{` continues a statement as its block rather than starting a dict.
func endsExpression(_ kind: TokenKind) -> Bool {
    switch kind {
    case .identifier, .number, .string, .rightParen, .rightBracket, .kwTrue, .kwFalse, .kwNone, .kwInf:
        return true
    default:
        return false
    }
}
