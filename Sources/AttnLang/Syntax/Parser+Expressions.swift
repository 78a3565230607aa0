/// Precedence, low to high (LANGUAGE.md section 4, as Python): `a if c else b`, `or`, `and`, `not`, comparisons,
/// `|`, `&`, `+ -`, `* / // % @`, unary `- + ~`, `**` (right-associative), postfix call / index /
/// attribute.
extension Parser {
    mutating func expression() throws -> Expr {
        try enter()
        defer { depth -= 1 }
        let value = try orExpression()
        // `a if c else b`: the condition is an `or` expression (so a comprehension's `if` after
        // its iterable stays a filter), the alternative a whole expression (chains nest right).
        guard match(.kwIf) else { return value }
        let condition = try orExpression()
        _ = try consume(.kwElse, "'else' and a value after the condition of 'a if c else b'")
        let alternative = try expression()
        return .conditional(value, condition, alternative, span(from: value.loc))
    }

    mutating func orExpression() throws -> Expr {
        var left = try andExpression()
        while match(.kwOr) {
            let right = try andExpression()
            left = .or(left, right, span(from: left.loc))
        }
        return left
    }

    mutating func andExpression() throws -> Expr {
        var left = try notExpression()
        while match(.kwAnd) {
            let right = try notExpression()
            left = .and(left, right, span(from: left.loc))
        }
        return left
    }

    mutating func notExpression() throws -> Expr {
        if check(.kwNot) {
            let start = advance()
            try enter()
            defer { depth -= 1 }
            let operand = try notExpression()
            return .not(operand, span(from: start))
        }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        let first = try bitOr()
        var ops: [CompareOp] = []
        var operands = [first]
        while true {
            let op: CompareOp
            switch peek.kind {
            case .equalEqual: op = .equal
            case .bangEqual: op = .notEqual
            case .less: op = .less
            case .lessEqual: op = .lessEqual
            case .greater: op = .greater
            case .greaterEqual: op = .greaterEqual
            case .kwIn: op = .isIn
            case .kwNot where checkNext(.kwIn):
                advance()
                op = .notIn
            default:
                if ops.isEmpty { return first }
                return .compare(ops, operands, span(from: first.loc))
            }
            advance()
            ops.append(op)
            operands.append(try bitOr())
        }
    }

    mutating func bitOr() throws -> Expr {
        var left = try bitAnd()
        while match(.pipe) {
            let right = try bitAnd()
            left = .binary(.bitOr, left, right, span(from: left.loc))
        }
        return left
    }

    mutating func bitAnd() throws -> Expr {
        var left = try additive()
        while match(.ampersand) {
            let right = try additive()
            left = .binary(.bitAnd, left, right, span(from: left.loc))
        }
        return left
    }

    mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while true {
            let op: BinaryOp
            switch peek.kind {
            case .plus: op = .add
            case .minus: op = .subtract
            default: return left
            }
            advance()
            let right = try multiplicative()
            left = .binary(op, left, right, span(from: left.loc))
        }
    }

    mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while true {
            let op: BinaryOp
            switch peek.kind {
            case .star: op = .multiply
            case .slash: op = .divide
            case .slashSlash: op = .floorDivide
            case .percent: op = .remainder
            case .at: op = .matmul
            default: return left
            }
            advance()
            let right = try unary()
            left = .binary(op, left, right, span(from: left.loc))
        }
    }

    mutating func unary() throws -> Expr {
        if check(.minus) || check(.plus) || check(.tilde) {
            let start = advance()
            try enter()
            defer { depth -= 1 }
            let operand = try unary()
            // Fold `-3` into a literal so that constants cost nothing at run time.
            if start.kind == .minus, case .literal(.number(let x), _) = operand {
                return .literal(.number(-x), span(from: start))
            }
            let op: UnaryOp = start.kind == .minus ? .negate : (start.kind == .plus ? .plus : .invert)
            return .unary(op, operand, span(from: start))
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        if match(.starStar) {
            try enter()
            defer { depth -= 1 }
            let exponent = try unary()
            return .binary(.power, base, exponent, span(from: base.loc))
        }
        return base
    }

    mutating func postfix() throws -> Expr {
        var expr = try primary()
        while true {
            if match(.leftParen) {
                let args = try callArguments()
                expr = .call(expr, args, span(from: expr.loc))
            } else if match(.leftBracket) {
                let items = try indexItems()
                expr = .index(expr, items, span(from: expr.loc))
            } else if check(.dot) {
                advance()
                let name = try consume(.identifier, "an attribute or method name after '.'")
                if match(.leftParen) {
                    let args = try callArguments()
                    expr = .method(expr, name.text, args, span(from: expr.loc))
                } else {
                    expr = .attribute(expr, name.text, span(from: expr.loc))
                }
            } else {
                return expr
            }
        }
    }

    /// After `(`: positional arguments, then `name: value` keywords, then `)`.
    mutating func callArguments() throws -> CallArguments {
        var args = CallArguments(positional: [], keywords: [])
        while !check(.rightParen) {
            if check(.identifier) && checkNext(.colon) {
                let name = advance()
                advance()
                if args.keywords.contains(where: { $0.name == name.text }) {
                    report("keyword argument '\(name.text)' given twice", at: name)
                    throw Failure()
                }
                args.keywords.append((name.text, try expression()))
            } else {
                let start = peek
                let spread = match(.star)
                var value = try expression()
                if spread {
                    if args.site.spreads.isEmpty { args.site.spreads = Array(repeating: false, count: args.positional.count) }
                    args.site.spreads.append(true)
                } else if !args.site.spreads.isEmpty {
                    args.site.spreads.append(false)
                }
                if !spread, check(.kwFor) {
                    // `sum(x for x in xs)`: a generator argument, evaluated as a list.
                    value = .comprehension(Comprehension(element: value, value: nil, clauses: try comprehensionClauses()), span(from: start))
                }
                if !args.keywords.isEmpty {
                    report("positional argument after keyword arguments", loc: span(from: start))
                    throw Failure()
                }
                args.positional.append(value)
            }
            if !match(.comma) { break }
        }
        _ = try consume(.rightParen, "')' to close the call")
        return args
    }

    /// After `[`: `i`, `a:b`, `::2`, `...`, separated by commas, then `]`.
    mutating func indexItems() throws -> [IndexItem] {
        var items: [IndexItem] = []
        repeat {
            if check(.rightBracket) && !items.isEmpty { break }
            if match(.ellipsis) {
                items.append(.ellipsis)
                continue
            }
            var start: Expr?
            if !check(.colon) { start = try expression() }
            if match(.colon) {
                var end: Expr?, step: Expr?
                if !check(.colon) && !check(.comma) && !check(.rightBracket) { end = try expression() }
                if match(.colon) && !check(.comma) && !check(.rightBracket) { step = try expression() }
                items.append(.slice(start: start, end: end, step: step))
            } else if let start {
                items.append(.single(start))
            }
        } while match(.comma)
        _ = try consume(.rightBracket, "']' to close the index")
        return items
    }

    mutating func primary() throws -> Expr {
        let token = peek
        switch token.kind {
        case .number: advance(); return .literal(.number(token.number), loc(token))
        case .string: advance(); return .literal(.string(token.text), loc(token))
        case .kwTrue: advance(); return .literal(.bool(true), loc(token))
        case .kwFalse: advance(); return .literal(.bool(false), loc(token))
        case .kwNone: advance(); return .literal(.none, loc(token))
        case .kwInf: advance(); return .literal(.number(.infinity), loc(token))
        case .identifier: advance(); return .variable(token.text, .unresolved, loc(token))
        case .formatString: advance(); return .format(try formatParts(token.pieces), loc(token))
        case .kwFn: return try anonymousFunction()
        case .leftParen:
            advance()
            if match(.rightParen) { return .tuple([], span(from: token)) }
            let first = try expression()
            if match(.rightParen) { return first }
            if check(.kwFor) {
                // `(x for x in xs)`: a generator, evaluated eagerly as a list.
                let clauses = try comprehensionClauses()
                _ = try consume(.rightParen, "')' to close the generator")
                return .comprehension(Comprehension(element: first, value: nil, clauses: clauses), span(from: token))
            }
            var items = [first]
            while match(.comma) {
                if check(.rightParen) { break }
                items.append(try expression())
            }
            _ = try consume(.rightParen, "')' to close the parentheses")
            return .tuple(items, span(from: token))
        case .leftBracket:
            advance()
            var items: [Expr] = []
            while !check(.rightBracket) {
                items.append(try expression())
                if items.count == 1 && check(.kwFor) {
                    let clauses = try comprehensionClauses()
                    _ = try consume(.rightBracket, "']' to close the list comprehension")
                    return .comprehension(Comprehension(element: items[0], value: nil, clauses: clauses), span(from: token))
                }
                if !match(.comma) { break }
            }
            _ = try consume(.rightBracket, "']' to close the list")
            return .list(items, span(from: token))
        case .leftBrace:
            advance()
            var pairs: [(key: Expr, value: Expr)] = []
            while !check(.rightBrace) {
                let key = try expression()
                _ = try consume(.colon, "':' after a dict key")
                pairs.append((key, try expression()))
                if pairs.count == 1 && check(.kwFor) {
                    let clauses = try comprehensionClauses()
                    _ = try consume(.rightBrace, "'}' to close the dict comprehension")
                    return .comprehension(Comprehension(element: key, value: pairs[0].value, clauses: clauses), span(from: token))
                }
                if !match(.comma) { break }
            }
            _ = try consume(.rightBrace, "'}' to close the dict")
            return .dict(pairs, span(from: token))
        default:
            throw error(expected: "an expression")
        }
    }

    /// `for x in xs`, `for k, v in items(d)`, `if c`, in any order after the first `for`.
    mutating func comprehensionClauses() throws -> [ComprehensionClause] {
        var clauses: [ComprehensionClause] = []
        while true {
            if check(.kwFor) {
                let start = advance()
                var targets = [try loopTarget()]
                while match(.comma) { targets.append(try loopTarget()) }
                _ = try consume(.kwIn, "'in' after the comprehension's loop variable")
                let iterable = try orExpression()
                clauses.append(.forIn(targets.count == 1 ? targets[0] : .tuple(targets, loc(start)), iterable))
            } else if !clauses.isEmpty && match(.kwIf) {
                clauses.append(.condition(try orExpression()))
            } else {
                return clauses
            }
        }
    }

    /// `fn(x) => e` or `fn(a, b) { ... }`.
    mutating func anonymousFunction() throws -> Expr {
        let start = advance()
        _ = try consume(.leftParen, "'(' after 'fn' (an anonymous function: fn(x) => x * 2)")
        let parameters = try parameterList()
        let headerLoc = span(from: start)
        let body: [Stmt]
        if match(.arrow) {
            try enter()
            defer { depth -= 1 }
            let value = try expression()
            body = [.returnValue(value, value.loc)]
        } else if check(.leftBrace) {
            body = try functionBody()
        } else {
            throw error(expected: "'=>' and an expression, or a '{' block, after the parameters")
        }
        return .function(FunctionDecl(name: "lambda", parameters: parameters, body: body, loc: headerLoc))
    }

    /// An f-string's pieces, each field's expression parsed where it stands in the file.
    mutating func formatParts(_ pieces: [FormatPiece]) throws -> [FormatPart] {
        var parts: [FormatPart] = []
        for piece in pieces {
            switch piece {
            case .text(let s):
                parts.append(.text(s))
            case .field(let field):
                var lexer = Lexer(field.source, line: field.line, column: field.column)
                var sub = Parser(tokens: lexer.all(), source: file, fileIndex: fileIndex)
                sub.depth = depth
                sub.functionDepth = functionDepth
                let expr: Expr
                do {
                    expr = try sub.expression()
                    if !sub.check(.eof) { throw sub.error(expected: "'}' after the f-string field's expression") }
                } catch {
                    diagnostics += sub.diagnostics
                    throw Failure()
                }
                let spec = try field.spec.map { try formatParts($0) }
                var conversion = field.conversion
                if let label = field.label {
                    parts.append(.text(label))
                    // `{x=}` shows the repr unless a spec or conversion says otherwise, as Python.
                    if conversion == nil && spec == nil { conversion = "r" }
                }
                parts.append(.field(expr, conversion: conversion, spec: spec))
            }
        }
        return parts
    }
}
