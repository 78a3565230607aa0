import TensorRuntime

extension Interpreter {
    /// The hot node kinds (constants, variables, number arithmetic and comparisons) stay in this
    /// small function; everything else is in `evalOther`, so the common path has a short prologue.
    func eval(_ expr: Expr, _ frame: Frame) throws -> Value {
        switch expr {
        case .literal(let v, _):
            return v
        case .variable(_, let slot, let loc):
            switch slot {
            case .local(let i): if let v = frame.slots[i] { return v }
            case .global(let i): if let v = globals[i] { return v }
            default: break
            }
            return try read(slot, expr, loc, frame)
        case .binary(let op, let a, let b, let loc):
            let x = try eval(a, frame)
            let y = try eval(b, frame)
            if case .number(let p) = x, case .number(let q) = y, let r = numberArithmetic(op, p, q) {
                return .number(r)
            }
            return try binarySlow(op, x, y, loc)
        case .compare(let ops, let operands, let loc) where ops.count == 1:
            let x = try eval(operands[0], frame)
            let y = try eval(operands[1], frame)
            if case .number(let p) = x, case .number(let q) = y {
                switch ops[0] {
                case .less: return .bool(p < q)
                case .lessEqual: return .bool(p <= q)
                case .greater: return .bool(p > q)
                case .greaterEqual: return .bool(p >= q)
                case .equal: return .bool(p == q)
                case .notEqual: return .bool(p != q)
                default: break
                }
            }
            return try compareSlow(ops[0], x, y, loc)
        default:
            return try evalOther(expr, frame)
        }
    }

    @inline(never)
    func binarySlow(_ op: BinaryOp, _ x: Value, _ y: Value, _ loc: Loc) throws -> Value {
        let result: Value
        do { result = try binary(op, x, y) } catch { throw located(error, loc) }
        try pollAfterCall(loc)
        return result
    }

    /// Ctrl-C is polled after every call and non-number operator, not only in loops and user
    /// functions: an expression made of builtin calls (`f = sum(d @ d) + ...`) stops at the
    /// next one, with its location, and `f` is not assigned.
    @inline(__always) func pollAfterCall(_ loc: Loc) throws {
        if Session.interruptRequested { throw RuntimeError(message: "interrupted", loc: loc) }
    }

    @inline(never)
    func compareSlow(_ op: CompareOp, _ x: Value, _ y: Value, _ loc: Loc) throws -> Value {
        do { return try compare(op, x, y) } catch { throw located(error, loc) }
    }

    @inline(never)
    func evalOther(_ expr: Expr, _ frame: Frame) throws -> Value {
        switch expr {
        case .literal, .variable, .binary:
            return try eval(expr, frame)
        case .compare(let ops, let operands, let loc):
            var left = try eval(operands[0], frame)
            var result = Value.bool(true)
            for (i, op) in ops.enumerated() {
                let right = try eval(operands[i + 1], frame)
                do { result = try compare(op, left, right) } catch { throw located(error, loc) }
                // A chain stops at its first false link, as in Python.
                if i + 1 < ops.count, case .bool(false) = result { return result }
                left = right
            }
            return result
        case .and(let a, let b, _):
            let x = try eval(a, frame)
            return try truthy(x, a.loc) ? try eval(b, frame) : x
        case .or(let a, let b, _):
            let x = try eval(a, frame)
            return try truthy(x, a.loc) ? x : try eval(b, frame)
        case .conditional(let a, let c, let b, _):
            return try truthy(try eval(c, frame), c.loc) ? try eval(a, frame) : try eval(b, frame)
        case .not(let a, _):
            return .bool(!(try truthy(try eval(a, frame), a.loc)))
        case .unary(let op, let a, let loc):
            let x = try eval(a, frame)
            do { return try unary(op, x) } catch { throw located(error, loc) }
        case .call(let callee, let args, let loc):
            let result = try evalCall(callee, args, loc, frame)
            try pollAfterCall(loc)
            return result
        case .method(let receiver, let name, let args, let loc):
            let result = try evalMethod(receiver, name, args, loc, frame)
            try pollAfterCall(loc)
            return result
        case .attribute(let receiver, let name, let loc):
            let r = try eval(receiver, frame)
            do { return try attribute(of: r, name) } catch { throw located(error, loc) }
        case .index(let base, let items, let loc):
            let b = try eval(base, frame)
            let keys = try evalIndexItems(items, frame)
            do { return try index(b, keys) } catch { throw located(error, loc) }
        case .list(let items, let loc):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for e in items { values.append(try eval(e, frame)) }
            _ = loc
            return .list(ListObject(values))
        case .tuple(let items, _):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for e in items { values.append(try eval(e, frame)) }
            return .tuple(values)
        case .format(let parts, _):
            return .string(try evalFormat(parts, frame))
        case .function(let decl):
            return try makeFunction(decl, frame)
        case .comprehension(let c, let loc):
            return try evalComprehension(c, loc, frame)
        case .dict(let pairs, _):
            let d = DictObject()
            for (k, v) in pairs {
                let key = try eval(k, frame)
                let hashable: DictKey
                do { hashable = try DictKey(key) } catch { throw located(error, k.loc) }
                d[hashable] = try eval(v, frame)
            }
            return .dict(d)
        }
    }

    @inline(__always)
    func readSlot(_ slot: Slot, _ frame: Frame) -> Value? {
        switch slot {
        case .local(let i): return frame.slots[i]
        case .global(let i): return globals[i]
        case .captured(let depth, let i):
            var f = frame
            for _ in 0..<depth {
                guard let p = f.parent else { return nil }
                f = p
            }
            return f.slots[i]
        case .unresolved: return nil
        }
    }

    /// Reads a variable; unassigned ones are errors that name the variable.
    @inline(never)
    func read(_ slot: Slot, _ expr: Expr, _ loc: Loc, _ frame: Frame) throws -> Value {
        switch slot {
        case .local(let i):
            if let v = frame.slots[i] { return v }
        case .global(let i):
            if let v = globals[i] { return v }
        case .captured(let depth, let i):
            var f = frame
            for _ in 0..<depth {
                guard let p = f.parent else { break }
                f = p
            }
            if let v = f.slots[i] { return v }
        case .unresolved:
            break
        }
        guard case .variable(let name, _, _) = expr else { throw RuntimeError(message: "undefined variable", loc: loc) }
        if case .global = slot {
            throw RuntimeError(message: "undefined variable '\(name)'" + Suggestion.phrase(for: name, among: definedGlobalNames()), loc: loc)
        }
        throw RuntimeError(message: "variable '\(name)' is used before it is assigned in this function", loc: loc)
    }

    func write(_ slot: Slot, _ value: Value, _ frame: Frame) {
        switch slot {
        case .local(let i): frame.slots[i] = value
        case .global(let i): globals[i] = value
        case .captured(let depth, let i):
            var f = frame
            for _ in 0..<depth {
                guard let p = f.parent else { break }
                f = p
            }
            f.slots[i] = value
        case .unresolved: break
        }
    }

    /// Truth as in Python (`truthValue`, shared with `any`/`all`), errors placed at `loc`.
    @inline(__always)
    func truthy(_ v: Value, _ loc: Loc) throws -> Bool {
        if case .bool(let b) = v { return b }
        do { return try truthValue(v) } catch let e as LangError { throw RuntimeError(message: e.message, loc: loc) }
    }

    func evalIndexItems(_ items: [IndexItem], _ frame: Frame) throws -> [IndexKey] {
        var keys: [IndexKey] = []
        keys.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .single(let e): keys.append(.value(try eval(e, frame), e.loc))
            case .ellipsis: keys.append(.ellipsis)
            case .slice(let a, let b, let c):
                keys.append(.slice(try a.map { try eval($0, frame) }, try b.map { try eval($0, frame) },
                                   try c.map { try eval($0, frame) }))
            }
        }
        return keys
    }
}

/// An evaluated index item.
enum IndexKey {
    case value(Value, Loc)
    case slice(Value?, Value?, Value?)
    case ellipsis
}
