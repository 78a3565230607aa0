/// Decides where every name lives before anything runs, so that reading a variable is an array
/// access rather than a dictionary lookup.
///
/// Scoping is Python's: a name assigned anywhere in a function body (or a parameter, a loop
/// variable, a nested `fn`) is local to that function for the whole body; other names are read
/// from the enclosing functions (closures) and then from the globals. Top-level names are globals.
/// `if`, `while` and `for` bodies do not open scopes.
struct Resolver {
    final class Scope {
        var slots: [String: Int] = [:]
        var names: [String] = []
        func add(_ name: String) {
            if slots[name] == nil {
                slots[name] = names.count
                names.append(name)
            }
        }
    }

    let globals: Globals
    var scopes: [Scope] = []

    init(globals: Globals) { self.globals = globals }

    mutating func resolve(_ statements: [TopLevelStatement]) -> [TopLevelStatement] {
        statements.map { TopLevelStatement(stmt: resolve($0.stmt), firstLine: $0.firstLine, lastLine: $0.lastLine) }
    }

    func slot(for name: String) -> Slot {
        if let innermost = scopes.last {
            if let s = innermost.slots[name] { return .local(s) }
            var depth = 1
            for scope in scopes.dropLast().reversed() {
                if let s = scope.slots[name] { return .captured(depth: depth, slot: s) }
                depth += 1
            }
        }
        return .global(globals.index(for: name))
    }

    mutating func resolve(_ stmts: [Stmt]) -> [Stmt] { stmts.map { resolve($0) } }

    mutating func resolve(_ stmt: Stmt) -> Stmt {
        switch stmt {
        case .expression(let e, let silent): return .expression(resolve(e), silent: silent)
        case .assign(let t, let e, let l): return .assign(resolve(t), resolve(e), l)
        case .compound(let op, let t, let e, let l): return .compound(op, resolve(t), resolve(e), l)
        case .ifElse(let branches, let elseBody, let l):
            return .ifElse(branches.map { (resolve($0.condition), resolve($0.body)) }, elseBody: elseBody.map { resolve($0) }, l)
        case .whileLoop(let c, let body, let l): return .whileLoop(resolve(c), resolve(body), l)
        case .forLoop(let t, let e, let body, let l): return .forLoop(resolve(t), resolve(e), resolve(body), l)
        case .function(let t, let decl):
            let target = resolve(t)
            resolveFunction(decl)
            return .function(target, decl)
        case .returnValue(let e, let l): return .returnValue(e.map { resolve($0) }, l)
        case .breakLoop, .continueLoop: return stmt
        case .with(let e, let t, let body, let l): return .with(resolve(e), t.map { resolve($0) }, resolve(body), l)
        }
    }

    mutating func resolveFunction(_ decl: FunctionDecl) {
        let scope = Scope()
        for p in decl.parameters { scope.add(p.name) }
        Resolver.collectAssigned(decl.body, into: scope)
        // Defaults are evaluated where the function is defined, so they see the enclosing scope.
        let parameters = decl.parameters.map { ($0.name, $0.defaultValue.map { resolve($0) }) }
        scopes.append(scope)
        decl.body = resolve(decl.body)
        scopes.removeLast()
        decl.resolvedDefaults = parameters.map { $0.1 }
        decl.slotCount = scope.names.count
        decl.localNames = scope.names
    }

    static func collectAssigned(_ stmts: [Stmt], into scope: Scope) {
        for stmt in stmts {
            switch stmt {
            case .assign(let t, _, _), .compound(_, let t, _, _): collectTarget(t, into: scope)
            case .forLoop(let t, _, let body, _):
                collectTarget(t, into: scope)
                collectAssigned(body, into: scope)
            case .ifElse(let branches, let elseBody, _):
                for b in branches { collectAssigned(b.body, into: scope) }
                if let elseBody { collectAssigned(elseBody, into: scope) }
            case .whileLoop(_, let body, _): collectAssigned(body, into: scope)
            case .with(_, let t, let body, _):
                if let t { collectTarget(t, into: scope) }
                collectAssigned(body, into: scope)
            case .function(let t, _): collectTarget(t, into: scope)
            case .expression, .returnValue, .breakLoop, .continueLoop: break
            }
        }
    }

    static func collectTarget(_ target: Target, into scope: Scope) {
        switch target {
        case .variable(let name, _, _): scope.add(name)
        case .tuple(let parts, _): for p in parts { collectTarget(p, into: scope) }
        case .index, .attribute: break
        }
    }

    mutating func resolve(_ target: Target) -> Target {
        switch target {
        case .variable(let name, _, let l): return .variable(name, slot(for: name), l)
        case .index(let base, let items, let l): return .index(resolve(base), resolve(items), l)
        case .attribute(let base, let name, let l): return .attribute(resolve(base), name, l)
        case .tuple(let parts, let l): return .tuple(parts.map { resolve($0) }, l)
        }
    }

    mutating func resolve(_ items: [IndexItem]) -> [IndexItem] {
        items.map { item in
            switch item {
            case .single(let e): return .single(resolve(e))
            case .slice(let a, let b, let c): return .slice(start: a.map { resolve($0) }, end: b.map { resolve($0) }, step: c.map { resolve($0) })
            case .ellipsis: return .ellipsis
            }
        }
    }

    mutating func resolve(_ args: CallArguments) -> CallArguments {
        CallArguments(positional: args.positional.map { resolve($0) },
                      keywords: args.keywords.map { ($0.name, resolve($0.value)) }, site: args.site)
    }

    mutating func resolve(_ expr: Expr) -> Expr {
        switch expr {
        case .literal: return expr
        case .variable(let name, _, let l): return .variable(name, slot(for: name), l)
        case .list(let items, let l): return .list(items.map { resolve($0) }, l)
        case .tuple(let items, let l): return .tuple(items.map { resolve($0) }, l)
        case .dict(let pairs, let l): return .dict(pairs.map { (resolve($0.key), resolve($0.value)) }, l)
        case .unary(let op, let e, let l): return .unary(op, resolve(e), l)
        case .not(let e, let l): return .not(resolve(e), l)
        case .binary(let op, let a, let b, let l): return .binary(op, resolve(a), resolve(b), l)
        case .compare(let ops, let operands, let l): return .compare(ops, operands.map { resolve($0) }, l)
        case .and(let a, let b, let l): return .and(resolve(a), resolve(b), l)
        case .or(let a, let b, let l): return .or(resolve(a), resolve(b), l)
        case .conditional(let a, let c, let b, let l): return .conditional(resolve(a), resolve(c), resolve(b), l)
        case .call(let f, let args, let l): return .call(resolve(f), resolve(args), l)
        case .method(let r, let name, let args, let l): return .method(resolve(r), name, resolve(args), l)
        case .attribute(let r, let name, let l): return .attribute(resolve(r), name, l)
        case .index(let r, let items, let l): return .index(resolve(r), resolve(items), l)
        case .format(let parts, let l): return .format(resolve(parts), l)
        case .function(let decl):
            resolveFunction(decl)
            return expr
        case .comprehension(let c, _):
            resolveComprehension(c)
            return expr
        }
    }

    mutating func resolve(_ parts: [FormatPart]) -> [FormatPart] {
        parts.map { part in
            switch part {
            case .text: return part
            case .field(let e, let conversion, let spec):
                return .field(resolve(e), conversion: conversion, spec: spec.map { resolve($0) })
            }
        }
    }

    /// The loop variables get a scope of their own; the first iterable is read outside it.
    mutating func resolveComprehension(_ c: Comprehension) {
        let scope = Scope()
        for clause in c.clauses {
            if case .forIn(let t, _) = clause { Resolver.collectTarget(t, into: scope) }
        }
        var clauses: [ComprehensionClause] = []
        for (i, clause) in c.clauses.enumerated() {
            switch clause {
            case .forIn(let t, let e) where i == 0:
                let iterable = resolve(e)
                scopes.append(scope)
                clauses.append(.forIn(resolve(t), iterable))
            case .forIn(let t, let e): clauses.append(.forIn(resolve(t), resolve(e)))
            case .condition(let e): clauses.append(.condition(resolve(e)))
            }
        }
        if clauses.isEmpty { scopes.append(scope) }
        c.element = resolve(c.element)
        c.value = c.value.map { resolve($0) }
        scopes.removeLast()
        c.clauses = clauses
        c.slotCount = scope.names.count
    }
}
