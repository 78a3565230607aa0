import TensorRuntime

extension Interpreter {
    func evalArguments(_ args: CallArguments, _ frame: Frame) throws -> (positional: [Value], keywords: [(String, Value)]) {
        var positional: [Value] = []
        positional.reserveCapacity(args.positional.count + 1)
        for e in args.positional { positional.append(try eval(e, frame)) }
        var keywords: [(String, Value)] = []
        if !args.keywords.isEmpty {
            keywords.reserveCapacity(args.keywords.count)
            for (name, e) in args.keywords { keywords.append((name, try eval(e, frame))) }
        }
        return (positional, keywords)
    }

    func evalCall(_ callee: Expr, _ args: CallArguments, _ loc: Loc, _ frame: Frame) throws -> Value {
        let f = try eval(callee, frame)
        // Fast path for the common `f(a, b)` on a user function: arguments go straight into
        // the new frame, with no intermediate arrays.
        if case .function(.user(let object)) = f, args.keywords.isEmpty, let fn = FunctionObject.from(object),
           args.positional.count <= fn.parameterCount {
            let callee = Frame.make(count: fn.slotCount, parent: fn.closure)
            let slots = callee.slots
            var i = 0
            for e in args.positional {
                slots[i] = try eval(e, frame)
                i += 1
            }
            do { return try enter(fn, callee, given: i) } catch { throw located(error, loc) }
        }
        let (positional, keywords) = try evalArguments(args, frame)
        do {
            return try callValue(f, positional, keywords)
        } catch {
            throw located(error, loc)
        }
    }

    /// `receiver.name(args)`: a callable dict entry (`model.encoder(x)`), a layer method, or a
    /// builtin whose first argument accepts the receiver (`x.view(2, 3)` is `view(x, 2, 3)`).
    func evalMethod(_ receiverExpr: Expr, _ name: String, _ args: CallArguments, _ loc: Loc, _ frame: Frame) throws -> Value {
        let receiver = try eval(receiverExpr, frame)
        var (positional, keywords) = try evalArguments(args, frame)
        do {
            if case .dict(let d) = receiver, let entry = d[name] {
                return try callValue(entry, positional, keywords)
            }
            if let builtin = registry.method(name, of: receiver) {
                positional.insert(receiver, at: 0)
                return try callBuiltin(builtin, positional, keywords)
            }
            if case .layer(let l) = receiver, let p = layerParameter(l, name) {
                throw LangError("'\(name)' is a parameter of \(l.kind), not a method (\(shapeString(p.shape)))")
            }
            throw LangError(noMember(receiver, name, method: true))
        } catch {
            throw located(error, loc)
        }
    }

    /// Calls any callable value. Errors without a location get the caller's call site.
    func callValue(_ f: Value, _ positional: [Value], _ keywords: [(String, Value)]) throws -> Value {
        switch f {
        case .function(.builtin(let b)):
            return try callBuiltin(b, positional, keywords)
        case .function(.user(let object)):
            guard let fn = FunctionObject.from(object) else { throw LangError("not a callable function") }
            return try callUser(fn, positional, keywords)
        case .function(.bound(let m)):
            return try callBuiltin(m.builtin, [m.receiver] + positional, keywords)
        case .layer(let l):
            guard let type = registry.layerType(l.kind) else { throw LangError("layer '\(l.kind)' cannot be called") }
            return try callBuiltin(type.call, [f] + positional, keywords)
        default:
            throw LangError("\(f.kindDescription) is not callable")
        }
    }

    func callBuiltin(_ b: Builtin, _ positional: [Value], _ keywords: [(String, Value)]) throws -> Value {
        var args = try bind(b, positional, keywords)
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > LanguageLimits.maxCallDepth {
            throw LangError("recursion depth exceeded (\(LanguageLimits.maxCallDepth) nested calls)")
        }
        return try b.body(&args)
    }

    /// Matches arguments to a builtin's parameters: positional in order (the variadic parameter
    /// takes the rest), then keywords by name; missing ones take their defaults.
    func bind(_ b: Builtin, _ positional: [Value], _ keywords: [(String, Value)]) throws -> Arguments {
        let params = b.parameters
        var values = [Value?](repeating: nil, count: params.count)
        var rest: [Value] = []
        var p = 0
        for (i, v) in positional.enumerated() {
            guard p < params.count else {
                let takes = params.filter { !$0.variadic && $0.defaultValue == nil }.count
                throw LangError("\(b.name): too many arguments (\(positional.count) given, takes \(takes == params.count ? "\(takes)" : "at most \(params.count)"); signature \(b.signature))")
            }
            if params[p].variadic {
                rest = Array(positional[i...])
                values[p] = .none
                p = params.count
                break
            }
            values[p] = v
            p += 1
        }
        for (name, v) in keywords {
            guard let j = params.firstIndex(where: { $0.name == name }) else {
                throw LangError("\(b.name): unknown keyword '\(name)' (signature \(b.signature))")
            }
            if params[j].variadic {
                // `zeros(shape: (2, 3))`: the keyword gives the whole variadic list.
                if !rest.isEmpty { throw LangError("\(b.name): '\(name)' given twice") }
                rest = [v]
                values[j] = .none
                continue
            }
            if values[j] != nil { throw LangError("\(b.name): '\(name)' given twice (positionally and by keyword)") }
            values[j] = v
        }
        var bound: [Value] = []
        bound.reserveCapacity(params.count)
        for (j, param) in params.enumerated() {
            if let v = values[j] { bound.append(v); continue }
            if param.variadic { bound.append(.none); continue }
            guard let d = param.defaultValue else {
                throw LangError("\(b.name): missing argument '\(param.name)' (signature \(b.signature))")
            }
            bound.append(d)
        }
        return Arguments(builtin: b, values: bound, rest: rest, context: self)
    }

    func callUser(_ fn: FunctionObject, _ positional: [Value], _ keywords: [(String, Value)]) throws -> Value {
        let decl = fn.decl
        let n = fn.parameterCount
        guard positional.count <= n else {
            throw LangError("\(decl.name)() takes \(n) argument\(n == 1 ? "" : "s") but \(positional.count) were given")
        }
        let frame = Frame.make(count: fn.slotCount, parent: fn.closure)
        let slots = frame.slots
        for (i, v) in positional.enumerated() { slots[i] = v }
        for (name, v) in keywords {
            guard let j = decl.parameters.firstIndex(where: { $0.name == name }) else {
                throw LangError("\(decl.name)() has no parameter '\(name)' (signature \(fn.signature))")
            }
            if slots[j] != nil { throw LangError("\(decl.name)() got two values for '\(name)'") }
            slots[j] = v
        }
        return try enter(fn, frame, given: keywords.isEmpty ? positional.count : 0)
    }

    /// Runs `fn` in `frame`, whose first `given` parameter slots are filled (others may be too,
    /// by keyword); the rest take their defaults.
    @inline(__always)
    func enter(_ fn: FunctionObject, _ frame: Frame, given: Int) throws -> Value {
        let slots = frame.slots
        var j = given
        while j < fn.parameterCount {
            if slots[j] == nil {
                guard let d = fn.defaults[j] else {
                    throw LangError("\(fn.decl.name)() missing argument '\(fn.decl.parameters[j].name)' (signature \(fn.signature))")
                }
                slots[j] = d
            }
            j += 1
        }
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > LanguageLimits.maxCallDepth {
            throw LangError("recursion depth exceeded (\(LanguageLimits.maxCallDepth) nested calls)")
        }
        if Session.interruptRequested { throw LangError("interrupted") }
        LanguageLimits.stepBudget &-= 1
        if LanguageLimits.stepBudget < 0 { throw LangError("step budget exhausted") }
        if case .returned(let v) = try exec(fn.body, frame) { return v }
        return .none
    }

    func noMember(_ receiver: Value, _ name: String, method: Bool) -> String {
        switch receiver {
        case .dict: return "dict has no key '\(name)'" + (method ? " and no method '\(name)'" : "")
        case .layer(let l): return "\(l.kind) layer has no \(method ? "method" : "parameter or attribute") '\(name)'"
        default: return "\(receiver.kindDescription) has no \(method ? "method" : "attribute") '\(name)'"
        }
    }
}
