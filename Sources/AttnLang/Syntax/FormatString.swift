/// One piece of an f-string, as the lexer splits it: literal text or a `{field}`.
public enum FormatPiece: Sendable {
    case text(String)
    case field(FormatField)
}

/// `{expression!conversion:spec}`. The expression is kept as source with its position, and the
/// parser reads it with a lexer started there, so its errors point into the f-string.
public struct FormatField: Sendable {
    public var source: String
    public var line: Int
    public var column: Int
    /// `r`, `s` or `a` after `!`.
    public var conversion: Unicode.Scalar?
    /// After `:`; may hold nested fields (`{x:{width}.{digits}f}`).
    public var spec: [FormatPiece]?
    /// `{x=}` shows `x=` before the value, as in Python.
    public var label: String?
}

private struct FormatStringError: Error {
    let message: String
}

extension Lexer {
    /// At the quote after an `f` prefix: the whole f-string as one `.formatString` token, or an
    /// error token (the rest of the string is skipped, so lexing goes on after it).
    mutating func scanFormatString(raw: Bool) -> Token {
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { advance() }
        do {
            let pieces = try formatPieces(quote: quote, triple: triple, raw: raw, nesting: 0)
            var token = make(.formatString)
            token.pieces = pieces
            return token
        } catch let e as FormatStringError {
            while peek() != nil && !atClosingQuote(quote, triple: triple) && (triple || peek() != "\n") { advance() }
            if atClosingQuote(quote, triple: triple) { for _ in 0..<(triple ? 3 : 1) { advance() } }
            return make(.error, e.message)
        } catch {
            return make(.error, "\(error)")
        }
    }

    /// Text and fields up to the closing quote (consumed), or in a spec up to its `}` (not consumed).
    private mutating func formatPieces(quote: Unicode.Scalar, triple: Bool, raw: Bool, nesting: Int,
                                       inSpec: Bool = false) throws -> [FormatPiece] {
        var pieces: [FormatPiece] = []
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty { pieces.append(.text(String(text))); text = String.UnicodeScalarView() }
        }
        while true {
            guard let c = peek() else { throw FormatStringError(message: unterminatedMessage(quote, triple: triple)) }
            if atClosingQuote(quote, triple: triple) {
                if inSpec { throw FormatStringError(message: "f-string: expected '}' to close the field") }
                for _ in 0..<(triple ? 3 : 1) { advance() }
                flush()
                return pieces
            }
            if c == "\n" && !triple { throw FormatStringError(message: unterminatedMessage(quote, triple: triple)) }
            if inSpec && c == "}" { flush(); return pieces }
            if c == "\\" && !raw && !inSpec {
                advance()
                if let message = scanEscape(into: &text) { throw FormatStringError(message: message) }
                continue
            }
            if c == "{" {
                if !inSpec && peek(1) == "{" { text.append("{"); advance(); advance(); continue }
                flush()
                pieces.append(.field(try formatField(quote: quote, triple: triple, raw: raw, nesting: nesting)))
                continue
            }
            if c == "}" {
                if peek(1) == "}" { text.append("}"); advance(); advance(); continue }
                throw FormatStringError(message: "f-string: single '}' is not allowed (write '}}' for a brace)")
            }
            text.append(c)
            advance()
        }
    }

    /// At `{`: the expression (brackets and strings inside it skipped whole), then `=`, `!r`, `:spec`, `}`.
    private mutating func formatField(quote: Unicode.Scalar, triple: Bool, raw: Bool, nesting: Int) throws -> FormatField {
        guard nesting < 2 else { throw FormatStringError(message: "f-string: fields nested too deeply (a spec's field cannot have fields)") }
        advance()
        let start = index, startLine = line, startColumn = column
        var depth = 0
        while true {
            guard let c = peek(), c != "\n" || triple else { throw FormatStringError(message: unterminatedMessage(quote, triple: triple)) }
            if depth == 0 && (c == "}" || c == ":" || (c == "!" && peek(1) != "=")) { break }
            if atClosingQuote(quote, triple: triple) && depth == 0 {
                throw FormatStringError(message: "f-string: expected '}' to close the field")
            }
            if c == "\"" || c == "'" {
                // A string inside the expression, with either quote (as Python 3.12).
                advance()
                while let d = peek(), d != c {
                    if d == "\n" { throw FormatStringError(message: unterminatedMessage(c, triple: false)) }
                    if d == "\\" { advance() }
                    advance()
                }
                guard peek() == c else { throw FormatStringError(message: unterminatedMessage(c, triple: false)) }
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                depth -= 1
            }
            advance()
        }
        var source = String(String.UnicodeScalarView(scalars[start..<index]))
        var label: String?
        let trimmed = source.unicodeScalars.reversed().drop { $0 == " " || $0 == "\t" }
        if trimmed.first == "=", let before = trimmed.dropFirst().first, !"=!<>".unicodeScalars.contains(before) {
            label = source
            source = String(String.UnicodeScalarView(trimmed.dropFirst().reversed()))
        }
        if source.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) {
            throw FormatStringError(message: "f-string: empty expression in '{}' (write '{{' for a brace)")
        }
        var conversion: Unicode.Scalar?
        if peek() == "!" {
            advance()
            guard let c = peek(), c == "r" || c == "s" || c == "a" else {
                throw FormatStringError(message: "f-string: the conversion after '!' must be r, s or a")
            }
            conversion = c
            advance()
        }
        var spec: [FormatPiece]?
        if peek() == ":" {
            advance()
            spec = try formatPieces(quote: quote, triple: triple, raw: raw, nesting: nesting + 1, inSpec: true)
        }
        guard peek() == "}" else { throw FormatStringError(message: "f-string: expected '}' to close the field") }
        advance()
        return FormatField(source: source, line: startLine, column: startColumn, conversion: conversion, spec: spec, label: label)
    }
}
