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
        // Likewise for a builtin called with positional arguments only and no variadic parameter:
        // the arguments are evaluated straight into the bound values.
        if case .function(.builtin(let b)) = f, args.keywords.isEmpty, args.positional.count <= b.parameters.count,
           !b.parameters.contains(where: { $0.variadic }) {
            var bound: [Value] = []
            bound.reserveCapacity(b.parameters.count)
            for e in args.positional { bound.append(try eval(e, frame)) }
            do {
                for j in bound.count..<b.parameters.count {
                    guard let d = b.parameters[j].defaultValue else {
                        throw LangError("\(b.name): missing argument '\(b.parameters[j].name)' (signature \(b.signature))")
                    }
                    bound.append(d)
                }
                var arguments = Arguments(builtin: b, values: bound, rest: [], context: self)
                return try runBuiltin(b, &arguments)
            } catch {
                throw located(error, loc)
            }
        }
        let (positional, keywords) = try evalArguments(args, frame)
        do {
            if case .function(.builtin(let b)) = f { return try callBuiltin(b, positional, keywords, site: args.site) }
            return try callValue(f, positional, keywords)
        } catch {
            throw located(error, loc)
        }
    }

    /// `receiver.name(args)`: a callable dict entry (`model.encoder(x)`), a layer method, or a
    /// builtin whose first argument accepts the receiver (`x.view(2, 3)` is `view(x, 2, 3)`).
    func evalMethod(_ receiverExpr: Expr, _ name: String, _ args: CallArguments, _ loc: Loc, _ frame: Frame) throws -> Value {
        let receiver = try eval(receiverExpr, frame)
        // What is called is decided before the arguments are evaluated (looking it up has no
        // side effects), so a builtin's arguments can be gathered behind the receiver directly.
        if case .dict(let d) = receiver, let entry = d[name] {
            let (positional, keywords) = try evalArguments(args, frame)
            do { return try callValue(entry, positional, keywords) } catch { throw located(error, loc) }
        }
        let builtin: Builtin?
        let kind = receiver.kind
        if kind != .layer, kind == args.site.methodKind {
            builtin = args.site.method
        } else {
            builtin = registry.method(name, of: receiver)
            // A layer's methods depend on its layer kind, not just on being a layer.
            if kind != .layer {
                args.site.methodKind = kind
                args.site.method = builtin
            }
        }
        guard let builtin else {
            if case .layer(let l) = receiver, let p = layerParameter(l, name) {
                throw located(LangError("'\(name)' is a parameter of \(l.kind), not a method (\(shapeString(p.shape)))"), loc)
            }
            throw located(LangError(noMember(receiver, name, method: true)), loc)
        }
        var positional: [Value] = [receiver]
        positional.reserveCapacity(args.positional.count + 1)
        for e in args.positional { positional.append(try eval(e, frame)) }
        var keywords: [(String, Value)] = []
        for (k, e) in args.keywords { keywords.append((k, try eval(e, frame))) }
        do { return try callBuiltin(builtin, positional, keywords, site: args.site) } catch { throw located(error, loc) }
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

    func callBuiltin(_ b: Builtin, _ positional: [Value], _ keywords: [(String, Value)], site: CallSite? = nil) throws -> Value {
        var args = try bind(b, positional, keywords, site: site)
        return try runBuiltin(b, &args)
    }

    @inline(__always)
    func runBuiltin(_ b: Builtin, _ args: inout Arguments) throws -> Value {
        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > LanguageLimits.maxCallDepth {
            throw LangError("recursion depth exceeded (\(LanguageLimits.maxCallDepth) nested calls)")
        }
        return try b.body(&args)
    }

    /// Matches arguments to a builtin's parameters: positional in order (the variadic parameter
    /// takes the rest), then keywords by name; missing ones take their defaults.
    func bind(_ b: Builtin, _ positional: [Value], _ keywords: [(String, Value)], site: CallSite? = nil) throws -> Arguments {
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
                values[p] = Value.none
                p = params.count
                break
            }
            values[p] = v
            p += 1
        }
        // The keyword names at a call site never change, so their parameter indices are
        // computed once per (site, builtin) instead of by name on every call.
        var slots: [Int]
        if let site, site.boundBuiltin === b, site.keywordSlots.count == keywords.count {
            slots = site.keywordSlots
        } else {
            slots = []
            slots.reserveCapacity(keywords.count)
            for (name, _) in keywords {
                guard let j = params.firstIndex(where: { $0.name == name }) else {
                    throw LangError("\(b.name): unknown keyword '\(name)' (signature \(b.signature))")
                }
                slots.append(j)
            }
            if let site {
                site.boundBuiltin = b
                site.keywordSlots = slots
            }
        }
        for (k, (name, v)) in keywords.enumerated() {
            let j = slots[k]
            if params[j].variadic {
                // `zeros(shape: (2, 3))`: the keyword gives the whole variadic list.
                if !rest.isEmpty { throw LangError("\(b.name): '\(name)' given twice") }
                rest = [v]
                values[j] = Value.none
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
