/// Recursive-descent parser for .attn (LANGUAGE.md section 4).
///
/// Errors do not stop it: each failed statement records a `Diagnostic` and the parser skips to
/// the next statement boundary, so one run reports every mistake in a file.
struct Parser {
    /// Thrown inside the parser to unwind to the enclosing statement; the diagnostic is already recorded.
    struct Failure: Error {}

    let tokens: [Token]
    let file: SourceFile
    let fileIndex: Int
    var current = 0
    var diagnostics: [Diagnostic] = []
    /// Nesting of expressions and blocks; bounded so hostile input cannot overflow the stack.
    var depth = 0
    static let maxDepth = 200
    static let maxDiagnostics = 50
    /// Enclosing loops and functions, so that a stray `break` or `return` is a parse error.
    var loopDepth = 0
    var functionDepth = 0

    init(source: SourceFile, fileIndex: Int) {
        self.tokens = Lexer.tokenize(source.text)
        self.file = source
        self.fileIndex = fileIndex
    }

    /// A parser for tokens lexed elsewhere (an f-string field's expression).
    init(tokens: [Token], source: SourceFile, fileIndex: Int) {
        self.tokens = tokens
        self.file = source
        self.fileIndex = fileIndex
    }

    // MARK: - Token helpers

    var peek: Token { tokens[current] }
    var previous: Token { tokens[max(current - 1, 0)] }

    func check(_ kind: TokenKind) -> Bool { tokens[current].kind == kind }

    func checkNext(_ kind: TokenKind) -> Bool {
        current + 1 < tokens.count && tokens[current + 1].kind == kind
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[current]
        if token.kind != .eof { current += 1 }
        return token
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        if check(kind) { advance(); return true }
        return false
    }

    mutating func consume(_ kind: TokenKind, _ expected: String) throws -> Token {
        if check(kind) { return advance() }
        throw error(expected: expected)
    }

    mutating func skipNewlines() {
        while check(.newline) || check(.semicolon) { advance() }
    }

    // MARK: - Diagnostics

    func loc(_ token: Token) -> Loc {
        // A token spanning lines (a triple-quoted string) is marked to the end of its first line.
        let length = token.endLine > token.line ? file.lineLength(token.line) - token.column + 1 : token.length
        return Loc(file: fileIndex, line: token.line, column: token.column, length: length)
    }

    /// The span from `start` to the last consumed token, cut at the end of `start`'s line.
    func span(from start: Token) -> Loc {
        let end = previous
        let length: Int
        if end.line == start.line && end.column >= start.column {
            length = end.column + end.length - start.column
        } else {
            length = file.lineLength(start.line) - start.column + 1
        }
        return Loc(file: fileIndex, line: start.line, column: start.column, length: length)
    }

    func span(from start: Loc) -> Loc {
        let end = previous
        var l = start
        if Int(l.line) == end.line && end.column >= Int(l.column) {
            l.length = Int32(end.column + end.length) - l.column
        } else {
            l.length = Int32(max(file.lineLength(Int(l.line)) - Int(l.column) + 1, 1))
        }
        return l
    }

    /// Records "expected X, got Y" at the current token and returns the unwinding error.
    mutating func error(expected: String) -> Failure {
        let token = peek
        if token.kind == .error {
            report(token.text, at: token)
        } else {
            let got = token.kind == .identifier || token.kind == .number ? "'\(token.text)'" : token.kind.described
            report("expected \(expected), got \(got)", at: token)
        }
        return Failure()
    }

    mutating func report(_ message: String, at token: Token) {
        report(message, loc: loc(token))
    }

    mutating func report(_ message: String, loc: Loc) {
        // Past this many, more errors (from feeding a binary file, say) only bury the first.
        guard diagnostics.count < Parser.maxDiagnostics else { return }
        diagnostics.append(Diagnostic(message: message, file: file.name, line: Int(loc.line), column: Int(loc.column),
                                      length: Int(loc.length), sourceLine: file.line(Int(loc.line))))
    }

    /// Skips to the next statement boundary after an error (a newline or `;`, or a `}` that
    /// closes the enclosing block).
    mutating func synchronize() {
        var braces = 0
        while !check(.eof) {
            switch peek.kind {
            case .newline, .semicolon:
                if braces == 0 { advance(); return }
            case .leftBrace: braces += 1
            case .rightBrace:
                if braces == 0 { return }
                braces -= 1
            default: break
            }
            advance()
        }
    }

    mutating func enter() throws {
        depth += 1
        if depth > Parser.maxDepth {
            report("expression nested too deeply (more than \(Parser.maxDepth) levels)", at: peek)
            throw Failure()
        }
    }

    // MARK: - Program

    /// Every top-level statement; `diagnostics` lists the errors (nothing should run if any).
    mutating func parseProgram() -> [TopLevelStatement] {
        var statements: [TopLevelStatement] = []
        skipNewlines()
        while !check(.eof) {
            let start = peek
            do {
                if check(.rightBrace) {
                    report("unexpected '}' (no block is open)", at: peek)
                    advance()
                    skipNewlines()
                    continue
                }
                let stmt = try statement(topLevel: true)
                let last = previous
                try endStatement()
                statements.append(TopLevelStatement(stmt: stmt, firstLine: start.line, lastLine: max(last.endLine, start.line)))
            } catch {
                depth = 0
                synchronize()
            }
            skipNewlines()
        }
        return statements
    }

    /// A statement ends at a newline, `;`, a closing `}`, the end of input, or its own block's `}`.
    mutating func endStatement() throws {
        if check(.newline) || check(.semicolon) { advance(); return }
        if check(.rightBrace) || check(.eof) { return }
        // A statement that ends with a block may be followed on the same line by another:
        // `if n == 0 { return 0 } return f(n - 1)`.
        if previous.kind == .rightBrace { return }
        throw error(expected: "end of statement (a newline or ';')")
    }

    /// `{ statements }`.
    mutating func block() throws -> [Stmt] {
        _ = try consume(.leftBrace, "'{' to start a block")
        try enter()
        defer { depth -= 1 }
        var body: [Stmt] = []
        skipNewlines()
        while !check(.rightBrace) && !check(.eof) {
            do {
                body.append(try statement(topLevel: false))
                try endStatement()
            } catch {
                synchronize()
            }
            skipNewlines()
        }
        _ = try consume(.rightBrace, "'}' to close the block")
        return body
    }
}

/// One parsed text (a file or a REPL entry), kept for diagnostics raised while it runs.
final class SourceFile {
    let name: String
    let text: String
    let lines: [String]

    init(name: String, text: String) {
        self.name = name
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
    }

    /// The text of a 1-based line ("" when out of range).
    func line(_ number: Int) -> String {
        number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    func lineLength(_ number: Int) -> Int { line(number).unicodeScalars.count }
}
