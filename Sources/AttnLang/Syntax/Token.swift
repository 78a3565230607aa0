/// The kinds of token the lexer produces (LANGUAGE.md section 2).
public enum TokenKind: Equatable, Sendable {
    case number, string, identifier
    /// `f"..."`: `pieces` holds its text and fields.
    case formatString
    // Keywords.
    case kwTrue, kwFalse, kwNone, kwInf, kwFn, kwReturn, kwIf, kwElse, kwWhile, kwFor, kwIn
    case kwBreak, kwContinue, kwAnd, kwOr, kwNot, kwWith
    // Brackets.
    case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
    // Punctuation and operators.
    case comma, colon, semicolon, dot, ellipsis
    case plus, minus, star, slash, slashSlash, percent, at, starStar, tilde, ampersand, pipe, arrow
    case equal, plusEqual, minusEqual, starEqual, slashEqual, slashSlashEqual, percentEqual
    case equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
    case newline, eof
    /// A character or construct the lexer could not read; `text` says why.
    case error

    /// How the token is named in "expected ..., got ..." messages.
    public var described: String {
        switch self {
        case .number: return "a number"
        case .string: return "a string"
        case .formatString: return "an f-string"
        case .identifier: return "a name"
        case .newline: return "end of line"
        case .eof: return "end of input"
        case .error: return "an invalid character"
        default: return "'\(TokenKind.spelling[self] ?? "?")'"
        }
    }

    static let keywords: [String: TokenKind] = [
        "true": .kwTrue, "false": .kwFalse, "none": .kwNone, "inf": .kwInf, "fn": .kwFn,
        "return": .kwReturn, "if": .kwIf, "else": .kwElse, "while": .kwWhile, "for": .kwFor,
        "in": .kwIn, "break": .kwBreak, "continue": .kwContinue, "and": .kwAnd, "or": .kwOr,
        "not": .kwNot, "with": .kwWith,
    ]

    static let spelling: [TokenKind: String] = {
        var s: [TokenKind: String] = [
            .leftParen: "(", .rightParen: ")", .leftBracket: "[", .rightBracket: "]",
            .leftBrace: "{", .rightBrace: "}", .comma: ",", .colon: ":", .semicolon: ";",
            .dot: ".", .ellipsis: "...", .plus: "+", .minus: "-", .star: "*", .slash: "/",
            .percent: "%", .at: "@", .starStar: "**", .equal: "=", .plusEqual: "+=",
            .slashSlash: "//", .tilde: "~", .ampersand: "&", .pipe: "|", .arrow: "=>",
            .slashSlashEqual: "//=", .percentEqual: "%=",
            .minusEqual: "-=", .starEqual: "*=", .slashEqual: "/=", .equalEqual: "==",
            .bangEqual: "!=", .less: "<", .lessEqual: "<=", .greater: ">", .greaterEqual: ">=",
        ]
        for (word, kind) in keywords { s[kind] = word }
        return s
    }()

    /// Every keyword, for completion.
    public static var keywordNames: [String] { keywords.keys.sorted() }
}

extension TokenKind: Hashable {}

/// One token with its position: 1-based line and column (in Unicode scalars) and its length.
public struct Token: Sendable {
    public var kind: TokenKind
    /// The source text; for strings the decoded contents, for errors the message.
    public var text: String
    /// The value of a number token.
    public var number: Double
    public var line: Int
    public var column: Int
    public var length: Int
    /// The line the token ends on (a triple-quoted string may span lines).
    public var endLine: Int
    /// The text and fields of a `.formatString`.
    public var pieces: [FormatPiece] = []

    public init(kind: TokenKind, text: String, number: Double = 0, line: Int, column: Int, length: Int, endLine: Int? = nil) {
        self.kind = kind
        self.text = text
        self.number = number
        self.line = line
        self.column = column
        self.length = length
        self.endLine = endLine ?? line
    }
}
