import AttnLang
import XCTest

final class LexerTests: XCTestCase {
    func kinds(_ source: String) -> [TokenKind] { Lexer.tokenize(source).map(\.kind) }

    func testPositionsAreLineColumnLength() {
        let tokens = Lexer.tokenize("x = 12.5\n  print(\"hi\")")
        let described = tokens.map { "\($0.kind):\($0.line):\($0.column):\($0.length)" }
        XCTAssertEqual(described, [
            "identifier:1:1:1", "equal:1:3:1", "number:1:5:4", "newline:1:9:1",
            "identifier:2:3:5", "leftParen:2:8:1", "string:2:9:4", "rightParen:2:13:1", "eof:2:14:1",
        ])
        XCTAssertEqual(tokens[2].number, 12.5)
        XCTAssertEqual(tokens[6].text, "hi")
    }

    func testNumbers() {
        let numbers = Lexer.tokenize("3 0.5 1e-3 2E+2 (.25)").filter { $0.kind == .number }.map(\.number)
        XCTAssertEqual(numbers, [3, 0.5, 0.001, 200, 0.25])
        // `1e` is the number 1 followed by the name e, not a malformed exponent.
        XCTAssertEqual(kinds("1e"), [.number, .identifier, .eof])
    }

    func testStringEscapes() {
        let token = Lexer.tokenize(#""a\n\t\"\\b""#)[0]
        XCTAssertEqual(token.kind, .string)
        XCTAssertEqual(token.text, "a\n\t\"\\b")
        let bad = Lexer.tokenize(#""\q""#)[0]
        XCTAssertEqual(bad.kind, .error)
        XCTAssertTrue(bad.text.contains("unknown escape"))
    }

    func testKeywordsAndOperators() {
        XCTAssertEqual(kinds("fn return if else while for in break continue and or not true false none inf"),
                       [.kwFn, .kwReturn, .kwIf, .kwElse, .kwWhile, .kwFor, .kwIn, .kwBreak, .kwContinue,
                        .kwAnd, .kwOr, .kwNot, .kwTrue, .kwFalse, .kwNone, .kwInf, .eof])
        XCTAssertEqual(kinds("** * += -= *= /= == != <= >= < > @ % ..."),
                       [.starStar, .star, .plusEqual, .minusEqual, .starEqual, .slashEqual, .equalEqual,
                        .bangEqual, .lessEqual, .greaterEqual, .less, .greater, .at, .percent, .ellipsis, .eof])
    }

    func testCommentsRecordedOutputsAndCellMarkersAreSkipped() {
        XCTAssertEqual(kinds("# %% cell\nx # note\n#> 3\n# %% [markdown]\n"), [.identifier, .newline, .eof])
    }

    func testNewlinesInsideBracketsAndDictsAreIgnoredButNotInBlocks() {
        XCTAssertEqual(kinds("f(1,\n2)"), [.identifier, .leftParen, .number, .comma, .number, .rightParen, .eof])
        XCTAssertEqual(kinds("[1,\n2]"), [.leftBracket, .number, .comma, .number, .rightBracket, .eof])
        XCTAssertEqual(kinds("d = {\n\"a\": 1\n}"), [.identifier, .equal, .leftBrace, .string, .colon, .number, .rightBrace, .eof])
        XCTAssertEqual(kinds("if x {\ny\n}"), [.kwIf, .identifier, .leftBrace, .newline, .identifier, .newline, .rightBrace, .eof])
    }

    func testUnclosedBracketEndsAtALineThatStartsAStatement() {
        // `x = (1` then `y = 2`: the newline comes back so the parser can report the open bracket.
        XCTAssertEqual(kinds("x = (1\ny = 2"), [.identifier, .equal, .leftParen, .number, .newline,
                                                  .identifier, .equal, .number, .eof])
    }

    func testIncompleteInput() {
        XCTAssertTrue(Lexer.isIncomplete("fn f() {"))
        XCTAssertTrue(Lexer.isIncomplete("x = [1,"))
        // A string ends on its line: more lines cannot close it, so the entry is complete.
        XCTAssertFalse(Lexer.isIncomplete("s = \"abc"))
        XCTAssertFalse(Lexer.isIncomplete("print(\"abc"))
        XCTAssertFalse(Lexer.isIncomplete("fn f() { }"))
        XCTAssertFalse(Lexer.isIncomplete("x = 1 # (unclosed in a comment"))
    }

    func testVersion2Numbers() {
        let numbers = Lexer.tokenize("1. (.5) 2.e1 [1.]").filter { $0.kind == .number }.map(\.number)
        XCTAssertEqual(numbers, [1, 0.5, 20, 1])
        // `x.1` style attributes and ranges of dots stay what they were.
        XCTAssertEqual(kinds("t[0].item()"), [.identifier, .leftBracket, .number, .rightBracket, .dot, .identifier,
                                             .leftParen, .rightParen, .eof])
    }

    func testTripleQuotedAndRawStrings() {
        let tokens = Lexer.tokenize("s = \"\"\"one\n'two' \"three\" end\"\"\"\nx")
        XCTAssertEqual(tokens[2].kind, .string)
        XCTAssertEqual(tokens[2].text, "one\n'two' \"three\" end")
        XCTAssertEqual(tokens[2].line, 1)
        XCTAssertEqual(tokens[2].endLine, 2)
        XCTAssertEqual(tokens[4].line, 3)
        XCTAssertEqual(Lexer.tokenize(#"r"a\d\.""#)[0].text, #"a\d\."#)
        XCTAssertEqual(Lexer.tokenize(#""\u00e9\x41""#)[0].text, "éA")
    }

    func testFormatStringPieces() {
        let token = Lexer.tokenize(#"f"step {i}: {loss:.4f} {{x}}""#)[0]
        XCTAssertEqual(token.kind, .formatString)
        XCTAssertEqual(token.pieces.count, 5)
        guard case .field(let field) = token.pieces[3] else { return XCTFail("expected a field") }
        XCTAssertEqual(field.source, "loss")
        XCTAssertEqual(field.column, 14)
        XCTAssertEqual(kinds(#"f"{d["k"]}" + 'a'"#), [.formatString, .plus, .string, .eof])
    }

    func testNewOperatorsAndKeywords() {
        XCTAssertEqual(kinds("// //= %= ~ & | => with"),
                       [.slashSlash, .slashSlashEqual, .percentEqual, .tilde, .ampersand, .pipe, .arrow, .kwWith, .eof])
    }

    func testComprehensionClausesMayStartLinesInsideBrackets() {
        XCTAssertEqual(kinds("[x\nfor x in xs\nif x]"), [.leftBracket, .identifier, .kwFor, .identifier, .kwIn,
                                                          .identifier, .kwIf, .identifier, .rightBracket, .eof])
        // A `for` line that opens a block still ends an unclosed bracket.
        XCTAssertEqual(kinds("x = [1\nfor y in z {")[4], .newline)
    }

    func testIncompleteInputVersion2() {
        XCTAssertTrue(Lexer.isIncomplete("s = \"\"\"first line"))
        XCTAssertTrue(Lexer.isIncomplete("s = '\'\'first\nsecond"))
        XCTAssertFalse(Lexer.isIncomplete("s = \"\"\"a\nb\"\"\""))
        XCTAssertTrue(Lexer.isIncomplete("f = fn(x) {"))
        XCTAssertTrue(Lexer.isIncomplete("with no_grad() {"))
        XCTAssertTrue(Lexer.isIncomplete("ys = [x\n"))
    }
}
