/// Turns source text into tokens (LANGUAGE.md section 2).
///
/// Newlines end statements except inside `( )`, `[ ]` and the braces of a dict literal. Whether a
/// `{` opens a block or a dict is decided here from the token before it: after something that
/// ends an expression (a name, a literal, `)`, `]`) or after `else` it opens a block; anywhere
/// else (after `=`, `(`, `,`, `:`, an operator, at the start of a statement) it opens a dict.
public struct Lexer {
    let scalars: [Unicode.Scalar]
    var index = 0
    var line = 1
    var column = 1
    private var openers: [TokenKind] = []
    /// `openers` entries for `{` that open dicts rather than blocks.
    private var dictBraces: [Bool] = []
    private var previous: TokenKind = .newline
    var tokenStart = 0, tokenLine = 1, tokenColumn = 1
    private var lastEndLine = 1, lastEndColumn = 1

    public init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    /// A lexer for text that starts at `line`:`column` of a file (an f-string's field).
    init(_ source: String, line: Int, column: Int) {
        scalars = Array(source.unicodeScalars)
        self.line = line
        self.column = column
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
        // entry is complete (and reports it) even inside an open bracket (`print("abc`). A
        // triple-quoted string may span lines: while one is open, more input can close it.
        if let open = tokens.first(where: { $0.kind == .error && $0.text.hasPrefix(Lexer.unterminatedString) }) {
            return open.text.hasPrefix(Lexer.unterminatedTripleString)
        }
        return !lexer.openers.isEmpty
    }

    static let unterminatedString = "unterminated string"
    static let unterminatedTripleString = unterminatedString + " (the triple-quoted string"

    public mutating func all() -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 3 + 1)
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < scalars.count ? scalars[i] : nil
    }

    mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private var newlinesIgnored: Bool {
        guard let top = openers.last else { return false }
        return top != .leftBrace || dictBraces.last == true
    }

    /// True when the line after the newline at `index` begins with something that can only start
    /// a statement: `name =` / `name op=` or `fn( if while for return break continue with`. Neither
    /// can continue an expression (keyword arguments use `:`), so an open bracket before it was
    /// left unclosed. A comprehension's `for`/`if` clause may continue on its own line, so such a
    /// line starts a statement only when it ends in `{` (a block).
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
        if word == "for" || word == "if" { return lineEndsWithBrace(from: i) }
        if word == "fn" {
            // `fn(x) => ...` is an anonymous function inside the brackets; `fn name(` is a statement.
            var j = i
            while j < scalars.count, scalars[j] == " " || scalars[j] == "\t" { j += 1 }
            return j < scalars.count && scalars[j] != "("
        }
        if ["while", "return", "break", "continue", "with"].contains(word) { return true }
        if TokenKind.keywords[word] != nil { return false }
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        guard i < scalars.count else { return false }
        let c = scalars[i]
        let next: Unicode.Scalar? = i + 1 < scalars.count ? scalars[i + 1] : nil
        if c == "=" { return next != "=" }
        return (c == "+" || c == "-" || c == "*" || c == "/") && next == "="
    }

    /// True when the line from `i` ends (before any comment) with `{`.
    private func lineEndsWithBrace(from i: Int) -> Bool {
        var j = i
        var last: Unicode.Scalar?
        var quote: Unicode.Scalar?
        while j < scalars.count, scalars[j] != "\n" {
            let c = scalars[j]
            if let q = quote {
                if c == "\\" { j += 1 } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                break
            } else if c != " " && c != "\t" && c != "\r" {
                last = c
            }
            j += 1
        }
        return last == "{"
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
    func make(_ kind: TokenKind, _ text: String? = nil, number: Double = 0) -> Token {
        let length = max(index - tokenStart, 1)
        let lexeme = text ?? String(String.UnicodeScalarView(scalars[tokenStart..<index]))
        return Token(kind: kind, text: lexeme, number: number, line: tokenLine, column: tokenColumn, length: length, endLine: line)
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
        if let prefix = stringPrefix() {
            let raw = prefix.contains { $0 == "r" || $0 == "R" }
            for _ in prefix { advance() }
            if prefix.contains(where: { $0 == "f" || $0 == "F" }) { return scanFormatString(raw: raw) }
            return scanString(quote: peek()!, raw: raw)
        }
        if isIdentifierStart(c) {
            while let d = peek(), isIdentifierPart(d) { advance() }
            let word = String(String.UnicodeScalarView(scalars[start..<index]))
            return make(TokenKind.keywords[word] ?? .identifier, word)
        }
        if c == "\"" || c == "'" { return scanString(quote: c, raw: false) }
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
        case "/":
            if match("/") { return match("=") ? make(.slashSlashEqual) : make(.slashSlash) }
            return match("=") ? make(.slashEqual) : make(.slash)
        case "%": return match("=") ? make(.percentEqual) : make(.percent)
        case "~": return make(.tilde)
        case "&": return make(.ampersand)
        case "|": return make(.pipe)
        case "@": return make(.at)
        case "=":
            if match(">") { return make(.arrow) }
            return match("=") ? make(.equalEqual) : make(.equal)
        case "!":
            if match("=") { return make(.bangEqual) }
            return make(.error, "unexpected character '!' (use 'not' for negation)")
        case "<": return match("=") ? make(.lessEqual) : make(.less)
        case ">": return match("=") ? make(.greaterEqual) : make(.greater)
        default:
            return make(.error, "unexpected character '\(c)'")
        }
    }

    mutating func match(_ c: Unicode.Scalar) -> Bool {
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
        // `1.` is a number as in Python, but `1..` and `x.1.view` are not; `1.e5` is.
        if peek() == ".", peek(1) != ".", peek(1).map({ !isIdentifierStart($0) || $0 == "e" || $0 == "E" }) ?? true {
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

    /// `f`, `r`, `rf` or `fr` (either case) right before a quote: a string prefix.
    private func stringPrefix() -> [Unicode.Scalar]? {
        var letters: [Unicode.Scalar] = []
        var i = 0
        while let c = peek(i), "fFrR".unicodeScalars.contains(c), letters.count < 2 { letters.append(c); i += 1 }
        guard !letters.isEmpty, let q = peek(i), q == "\"" || q == "'" else { return nil }
        let lower = String(String.UnicodeScalarView(letters)).lowercased()
        return ["f", "r", "rf", "fr"].contains(lower) ? letters : nil
    }

    /// True at the quote (or three quotes) that closes a string.
    func atClosingQuote(_ quote: Unicode.Scalar, triple: Bool) -> Bool {
        peek() == quote && (!triple || (peek(1) == quote && peek(2) == quote))
    }

    func unterminatedMessage(_ quote: Unicode.Scalar, triple: Bool) -> String {
        if triple {
            // The message must not contain the quotes: a recorded `#> error:` line would close the string.
            return Lexer.unterminatedTripleString + " opened on line \(tokenLine) is never closed)"
        }
        return Lexer.unterminatedString + " (a string must end with \(quote) on the same line)"
    }

    /// After a backslash: appends the escape's character, or returns a message for an unknown one.
    mutating func scanEscape(into value: inout String.UnicodeScalarView) -> String? {
        guard let e = peek() else { return nil }
        if let digits = ["x": 2, "u": 4, "U": 8][String(e)] {
            // `\xE9`, `\u00e9`, `\U0001F600` as in Python.
            var code: UInt32 = 0
            for k in 1...digits {
                guard let h = peek(k), let d = hexValue(h) else {
                    advance()
                    return "escape '\\\(e)' needs \(digits) hexadecimal digits"
                }
                code = code &* 16 &+ d
            }
            for _ in 0...digits { advance() }
            guard let scalar = Unicode.Scalar(code) else { return "escape '\\\(e)' names no character (\(code))" }
            value.append(scalar)
            return nil
        }
        defer { advance() }
        switch e {
        case "n": value.append("\n")
        case "t": value.append("\t")
        case "r": value.append("\r")
        case "0": value.append("\0")
        case "\"": value.append("\"")
        case "'": value.append("'")
        case "\\": value.append("\\")
        case "\n": break  // a backslash at a line's end joins the lines (triple-quoted strings)
        default: return "unknown escape '\\\(e)' in string (use \\n \\t \\\" \\\\ \\xHH \\uHHHH, or a raw string r\"...\")"
        }
        return nil
    }

    /// `"..."`, `'...'`, and `"""..."""` / `'''...'''` spanning lines; raw (`r"..."`) keeps backslashes.
    private mutating func scanString(quote: Unicode.Scalar, raw: Bool) -> Token {
        let triple = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { advance() }
        var value = String.UnicodeScalarView()
        var badEscape: String?
        while let c = peek(), !atClosingQuote(quote, triple: triple) {
            if c == "\n" && !triple { break }
            if c == "\\" {
                advance()
                guard let e = peek(), e != "\n" || triple else { break }
                if raw {
                    // A raw string keeps the backslash; `\"` does not end it.
                    value.append("\\")
                    value.append(e)
                    advance()
                } else if let message = scanEscape(into: &value) {
                    badEscape = badEscape ?? message
                }
            } else {
                value.append(c)
                advance()
            }
        }
        guard atClosingQuote(quote, triple: triple) else {
            return make(.error, unterminatedMessage(quote, triple: triple))
        }
        for _ in 0..<(triple ? 3 : 1) { advance() }
        if let badEscape { return make(.error, badEscape) }
        return make(.string, String(value))
    }
}

func hexValue(_ c: Unicode.Scalar) -> UInt32? {
    switch c {
    case "0"..."9": return c.value - 48
    case "a"..."f": return c.value - 87
    case "A"..."F": return c.value - 55
    default: return nil
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
    case .identifier, .number, .string, .formatString, .rightParen, .rightBracket, .kwTrue, .kwFalse, .kwNone, .kwInf:
        return true
    default:
        return false
    }
}
