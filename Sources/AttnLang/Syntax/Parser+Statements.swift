extension Parser {
    mutating func statement(topLevel: Bool) throws -> Stmt {
        switch peek.kind {
        case .kwFn where !checkNext(.leftParen): return try functionStatement()
        case .kwWith: return try withStatement()
        case .kwIf: return try ifStatement()
        case .kwWhile:
            let start = advance()
            let condition = try expression()
            loopDepth += 1
            defer { loopDepth -= 1 }
            let body = try block()
            return .whileLoop(condition, body, loc(start))
        case .kwFor: return try forStatement()
        case .kwReturn:
            if functionDepth == 0 {
                report("'return' outside a function", at: peek)
                throw Failure()
            }
            let start = advance()
            if check(.newline) || check(.semicolon) || check(.rightBrace) || check(.eof) {
                return .returnValue(nil, loc(start))
            }
            let value = try expressionList()
            return .returnValue(value, span(from: start))
        case .kwBreak, .kwContinue:
            if loopDepth == 0 {
                report("'\(peek.text)' outside a loop", at: peek)
                throw Failure()
            }
            let token = advance()
            return token.kind == .kwBreak ? .breakLoop(loc(token)) : .continueLoop(loc(token))
        case .kwElse:
            report("'else' without a matching 'if'", at: peek)
            throw Failure()
        default: return try simpleStatement()
        }
    }

    /// `fn name(a, b, scale: 1.0) { ... }`
    mutating func functionStatement() throws -> Stmt {
        let start = advance()
        let nameToken = try consume(.identifier, "a function name after 'fn'")
        _ = try consume(.leftParen, "'(' after the function name")
        let parameters = try parameterList()
        let headerLoc = span(from: start)
        let body = try functionBody()
        let decl = FunctionDecl(name: nameToken.text, parameters: parameters, body: body, loc: headerLoc)
        return .function(.variable(nameToken.text, .unresolved, loc(nameToken)), decl)
    }

    /// After `(`: `a, b, scale: 1.0` and the `)`.
    mutating func parameterList() throws -> [(name: String, defaultValue: Expr?)] {
        var parameters: [(name: String, defaultValue: Expr?)] = []
        while !check(.rightParen) {
            let p = try consume(.identifier, "a parameter name")
            if parameters.contains(where: { $0.name == p.text }) {
                report("duplicate parameter '\(p.text)'", at: p)
                throw Failure()
            }
            var defaultValue: Expr?
            if match(.colon) || match(.equal) {
                defaultValue = try expression()
            } else if parameters.last?.defaultValue != nil {
                report("parameter '\(p.text)' needs a default value because the one before it has one", at: p)
                throw Failure()
            }
            parameters.append((p.text, defaultValue))
            if !match(.comma) { break }
        }
        _ = try consume(.rightParen, "')' after the parameters")
        return parameters
    }

    /// A function's `{ block }`, where `return` is valid and an enclosing loop's `break` is not.
    mutating func functionBody() throws -> [Stmt] {
        let outerLoops = loopDepth
        loopDepth = 0
        functionDepth += 1
        defer { loopDepth = outerLoops; functionDepth -= 1 }
        return try block()
    }

    /// `with e { }` or `with e as name { }`.
    mutating func withStatement() throws -> Stmt {
        let start = advance()
        let manager = try expression()
        var target: Target?
        if check(.identifier) && peek.text == "as" {
            advance()
            target = try loopTarget()
        }
        let body = try block()
        return .with(manager, target, body, loc(start))
    }

    mutating func ifStatement() throws -> Stmt {
        let start = advance()
        var branches: [(condition: Expr, body: [Stmt])] = []
        var elseBody: [Stmt]?
        let condition = try expression()
        branches.append((condition, try block()))
        while true {
            // `else` may start the next line after a `}`.
            if check(.newline) && checkNext(.kwElse) { advance() }
            guard match(.kwElse) else { break }
            if match(.kwIf) {
                let c = try expression()
                branches.append((c, try block()))
            } else {
                elseBody = try block()
                break
            }
        }
        return .ifElse(branches, elseBody: elseBody, loc(start))
    }

    /// `for x in e { }`, `for i, x in e { }`, `for (a, b) in e { }`.
    mutating func forStatement() throws -> Stmt {
        let start = advance()
        var targets = [try loopTarget()]
        while match(.comma) { targets.append(try loopTarget()) }
        _ = try consume(.kwIn, "'in' after the loop variable")
        let iterable = try expression()
        loopDepth += 1
        defer { loopDepth -= 1 }
        let body = try block()
        let target = targets.count == 1 ? targets[0] : .tuple(targets, loc(start))
        return .forLoop(target, iterable, body, span(from: start))
    }

    mutating func loopTarget() throws -> Target {
        if check(.leftParen) {
            let open = advance()
            var parts = [try loopTarget()]
            while match(.comma) { parts.append(try loopTarget()) }
            _ = try consume(.rightParen, "')' to close the loop variables")
            return .tuple(parts, span(from: open))
        }
        let name = try consume(.identifier, "a loop variable name")
        return .variable(name.text, .unresolved, loc(name))
    }

    /// An expression statement, or an assignment when `=` or `op=` follows.
    mutating func simpleStatement() throws -> Stmt {
        let start = peek
        let first = try expression()
        var exprs = [first]
        while check(.comma) {
            advance()
            if check(.equal) || check(.newline) || check(.semicolon) || check(.eof) { break }
            exprs.append(try expression())
        }
        let left: Expr = exprs.count == 1 && previous.kind != .comma ? first : .tuple(exprs, span(from: start))
        if check(.equal) {
            let equal = advance()
            let target = try makeTarget(left, equal: equal)
            let value = try expressionList()
            return .assign(target, value, span(from: start))
        }
        let compound: [TokenKind: BinaryOp] = [.plusEqual: .add, .minusEqual: .subtract, .starEqual: .multiply, .slashEqual: .divide,
                                               .slashSlashEqual: .floorDivide, .percentEqual: .remainder]
        if let op = compound[peek.kind] {
            let opToken = advance()
            if case .tuple = left {
                report("'\(opToken.text)' needs a single target", at: opToken)
                throw Failure()
            }
            let target = try makeTarget(left, equal: opToken)
            let value = try expression()
            return .compound(op, target, value, span(from: start))
        }
        return .expression(left, silent: check(.semicolon))
    }

    /// `a` or `a, b, c` (a tuple), as after `=` or `return`.
    mutating func expressionList() throws -> Expr {
        let start = peek
        let first = try expression()
        guard check(.comma) else { return first }
        var items = [first]
        while match(.comma) {
            if check(.newline) || check(.semicolon) || check(.eof) || check(.rightBrace) { break }
            items.append(try expression())
        }
        return .tuple(items, span(from: start))
    }

    mutating func makeTarget(_ expr: Expr, equal: Token) throws -> Target {
        switch expr {
        case .variable(let name, let slot, let l): return .variable(name, slot, l)
        case .index(let base, let items, let l): return .index(base, items, l)
        case .attribute(let base, let name, let l): return .attribute(base, name, l)
        case .tuple(let items, let l), .list(let items, let l):
            return .tuple(try items.map { try makeTarget($0, equal: equal) }, l)
        default:
            report("cannot assign to this expression (expected a name, x[i], x.name or a, b)", loc: expr.loc)
            throw Failure()
        }
    }
}
