import TensorRuntime

/// Where a call's arguments come from.
enum CallInput {
    /// Written at a call site: evaluated in `frame` straight into the callee's slots.
    case source(CallArguments, Frame)
    /// Already computed, positional only (a builtin calling back, `CallContext.call`).
    case values([Value])
}

/// THE call path: every call kind (user function, builtin, bound method, layer) is bound and
/// entered here. Keyword slots come from the call site's cache, defaults are filled in `bind`
/// and `invokeUser`, depth is checked in `enterCall`, and the interrupt flag and step budget
/// in `poll` (once per user-function call and loop iteration).
extension Interpreter {
    /// `callee(arguments)`; `receiver` is the implicit first argument of a method
    /// (`x.f(a)` is `f(x, a)`), of a bound method and of a layer call.
    func invoke(_ callee: Value, _ input: CallInput, site: CallSite?) throws -> Value {
        switch callee {
        case .function(.user(let object)):
            guard let fn = FunctionObject.from(object) else { throw LangError("not a callable function") }
            return try invokeUser(fn, input, site: site)
        case .function(.builtin(let b)):
            return try invokeBuiltin(b, receiver: nil, input, site: site)
        case .function(.bound(let m)):
            return try invokeBuiltin(m.builtin, receiver: m.receiver, input, site: site)
        case .layer(let l):
            return try invokeBuiltin(l.type.call, receiver: callee, input, site: site)
        default:
            throw LangError("\(callee.kindDescription) is not callable")
        }
    }

    func evalCall(_ calleeExpr: Expr, _ args: CallArguments, _ loc: Loc, _ frame: Frame) throws -> Value {
        let callee = try eval(calleeExpr, frame)
        do { return try invoke(callee, .source(args, frame), site: args.site) } catch { throw located(error, loc) }
    }

    /// `receiver.name(args)`: a callable dict entry (`model.encoder(x)`), a layer method, or a
    /// builtin whose first argument accepts the receiver (`x.view(2, 3)` is `view(x, 2, 3)`).
    func evalMethod(_ receiverExpr: Expr, _ name: String, _ args: CallArguments, _ loc: Loc, _ frame: Frame) throws -> Value {
        let receiver = try eval(receiverExpr, frame)
        do {
            if case .dict(let d) = receiver, let entry = d[name] {
                return try invoke(entry, .source(args, frame), site: args.site)
            }
            return try invokeBuiltin(try method(name, of: receiver, site: args.site), receiver: receiver,
                                     .source(args, frame), site: args.site)
        } catch {
            throw located(error, loc)
        }
    }

    /// The builtin `receiver.name(...)` calls, cached per site and receiver kind (a layer's
    /// methods depend on its layer type, which the cache also checks).
    @inline(__always)
    private func method(_ name: String, of receiver: Value, site: CallSite) throws -> Builtin {
        let kind = receiver.kind
        if kind == site.methodKind, let b = site.method {
            if case .layer(let l) = receiver { if l.type === site.methodLayerType { return b } } else { return b }
        }
        guard let b = registry.method(name, of: receiver) else {
            if case .layer(let l) = receiver, let p = l.layer.parameter(name) {
                throw LangError("'\(name)' is a parameter of \(l.kind), not a method (\(shapeString(p.shape)))")
            }
            throw LangError(noMember(receiver, name, method: true))
        }
        site.methodKind = kind
        site.method = b
        if case .layer(let l) = receiver { site.methodLayerType = l.type }
        return b
    }

    // MARK: - Builtins

    /// Binds arguments to a builtin's parameters (positional in order, the variadic parameter
    /// taking the rest; then keywords; then defaults) and runs it.
    func invokeBuiltin(_ b: Builtin, receiver: Value?, _ input: CallInput, site: CallSite?) throws -> Value {
        var arguments = try bind(b, receiver: receiver, input, site: site)
        try enterCall()
        defer { callDepth -= 1 }
        let result = try b.body(&arguments)
        // The argument array goes back to its call site, emptied, for the next call from there.
        if let site {
            arguments.values.removeAll(keepingCapacity: true)
            site.argumentBuffer = arguments.values
        }
        return result
    }

    private func bind(_ b: Builtin, receiver: Value?, _ input: CallInput, site: CallSite?) throws -> Arguments {
        let params = b.parameters
        // Positional arguments fill slots up to the variadic one (or the end); the rest go to `rest`.
        let positionalEnd = b.variadicSlot ?? params.count
        // The array the last call from this site used (an allocation costs ~900 instructions,
        // a tenth of a tiny op); a call from the same site while this one runs gets a new one.
        var values: [Value] = []
        if let site { swap(&values, &site.argumentBuffer) }
        values.reserveCapacity(params.count)
        var rest: [Value] = []
        if let receiver {
            if positionalEnd > 0 { values.append(receiver) } else { rest.append(receiver) }
        }
        var keywordInput: (CallArguments, Frame)?
        switch input {
        case .source(let args, let frame):
            if args.site.spreads.isEmpty {
                for e in args.positional {
                    let v = try eval(e, frame)
                    if values.count < positionalEnd { values.append(v) } else { rest.append(v) }
                }
            } else {
                for v in try positionalValues(args, frame) {
                    if values.count < positionalEnd { values.append(v) } else { rest.append(v) }
                }
            }
            if !args.keywords.isEmpty { keywordInput = (args, frame) }
        case .values(let vs):
            for v in vs {
                if values.count < positionalEnd { values.append(v) } else { rest.append(v) }
            }
        }
        let positionalCount = values.count, given = values.count + rest.count
        // Unfilled slots take their defaults; required ones are marked missing until a keyword fills them.
        var missing: UInt64 = 0
        while values.count < params.count {
            let j = values.count
            if let d = params[j].defaultValue { values.append(d) } else {
                values.append(.none)
                if !params[j].variadic { missing |= 1 << UInt64(j & 63) }
            }
        }
        // Keyword values are evaluated straight into their slots (no list of names or values per
        // call); as in Python, every argument is evaluated before a binding error is raised.
        var unknownKeyword: String?, givenTwice: String?
        if let (args, frame) = keywordInput {
            let slots = keywordSlots(args, callee: b) { name in
                params.firstIndex { $0.name == name } ?? params.firstIndex { $0.torchName == name }
            }
            var assigned: UInt64 = 0
            for (k, keyword) in args.keywords.enumerated() {
                let v = try eval(keyword.value, frame)
                let j = slots[k]
                if j < 0 {
                    if unknownKeyword == nil { unknownKeyword = keyword.name }
                } else if params[j].variadic {
                    // `zeros(shape: (2, 3))`: the keyword gives the whole variadic list.
                    if !rest.isEmpty, givenTwice == nil { givenTwice = "\(b.name): '\(keyword.name)' given twice" }
                    rest = [v]
                } else if j < positionalCount {
                    if givenTwice == nil { givenTwice = "\(b.name): '\(keyword.name)' given twice (positionally and by keyword)" }
                } else if assigned & (1 << UInt64(j & 63)) != 0 {
                    // Only a parameter's PyTorch name beside its own reaches here (`f(a: 1, a: 2)` does not parse).
                    if givenTwice == nil {
                        givenTwice = "\(b.name): '\(params[j].name)' and '\(params[j].torchName ?? keyword.name)' name one parameter: give one"
                    }
                } else {
                    assigned |= 1 << UInt64(j & 63)
                    missing &= ~(1 << UInt64(j & 63))
                    values[j] = v
                }
            }
        }
        if b.variadicSlot == nil, given > params.count {
            let takes = params.filter { $0.defaultValue == nil }.count
            throw LangError("\(b.name): too many arguments (\(given) given, takes \(takes == params.count ? "\(takes)" : "at most \(params.count)"); signature \(b.signature))")
        }
        if let name = unknownKeyword {
            let hint = Suggestion.phrase(for: name, among: params.map(\.name))
            throw LangError("\(b.name): unknown keyword '\(name)'\(hint) (signature \(b.signature))")
        }
        if let givenTwice { throw LangError(givenTwice) }
        if missing != 0 {
            let j = missing.trailingZeroBitCount
            throw LangError("\(b.name): missing argument '\(params[j].name)' (signature \(b.signature))")
        }
        return Arguments(builtin: b, values: values, rest: rest, context: self)
    }

    /// The parameter index of each keyword written at a call site (-1 for an unknown name),
    /// computed once per (site, callee): the names written at a site never change. `slot` is
    /// only called on a miss.
    private func keywordSlots(_ args: CallArguments, callee: AnyObject, slot: (String) -> Int?) -> [Int] {
        let site = args.site
        if site.keywordCallee === callee, site.keywordSlots.count == args.keywords.count { return site.keywordSlots }
        let slots = args.keywords.map { slot($0.name) ?? -1 }
        if !slots.contains(-1) {
            site.keywordCallee = callee
            site.keywordSlots = slots
        }
        return slots
    }

    /// The positional arguments of a call with `*xs` among them, each spread into its items.
    @inline(never)
    private func positionalValues(_ args: CallArguments, _ frame: Frame) throws -> [Value] {
        var values: [Value] = []
        for (e, spread) in zip(args.positional, args.site.spreads) {
            let v = try eval(e, frame)
            if spread { values += try iterationItems(v, "argument after *") } else { values.append(v) }
        }
        return values
    }

    // MARK: - User functions

    func invokeUser(_ fn: FunctionObject, _ input: CallInput, site: CallSite?) throws -> Value {
        let n = fn.parameterCount
        let frame = Frame.make(count: fn.slotCount, parent: fn.closure)
        let slots = frame.slots
        var given = 0
        var hasKeywords = false
        switch input {
        case .source(let args, let caller):
            if args.site.spreads.isEmpty {
                for e in args.positional {
                    let v = try eval(e, caller)
                    if given < n { slots[given] = v }
                    given += 1
                }
            } else {
                for v in try positionalValues(args, caller) {
                    if given < n { slots[given] = v }
                    given += 1
                }
            }
            if !args.keywords.isEmpty {
                hasKeywords = true
                let indices = keywordSlots(args, callee: fn.decl) { name in fn.decl.parameters.firstIndex { $0.name == name } }
                if let k = indices.firstIndex(of: -1) {
                    let name = args.keywords[k].name
                    let hint = Suggestion.phrase(for: name, among: fn.decl.parameters.map(\.name))
                    throw LangError("\(fn.decl.name)() has no parameter '\(name)'\(hint) (signature \(fn.signature))")
                }
                for (k, (name, e)) in args.keywords.enumerated() {
                    let v = try eval(e, caller)
                    let j = indices[k]
                    if slots[j] != nil || j < given { throw LangError("\(fn.decl.name)() got two values for '\(name)'") }
                    slots[j] = v
                }
            }
        case .values(let vs):
            for v in vs {
                if given < n { slots[given] = v }
                given += 1
            }
        }
        guard given <= n else {
            throw LangError("\(fn.decl.name)() takes \(n) argument\(n == 1 ? "" : "s") but \(given) were given")
        }
        var j = hasKeywords ? 0 : given
        while j < n {
            if slots[j] == nil {
                guard let d = fn.defaults[j] else {
                    throw LangError("\(fn.decl.name)() missing argument '\(fn.decl.parameters[j].name)' (signature \(fn.signature))")
                }
                slots[j] = d
            }
            j += 1
        }
        try enterCall()
        defer { callDepth -= 1 }
        try poll()
        do {
            if case .returned(let v) = try exec(fn.body, frame) { return v }
        } catch {
            // The call chain of LANGUAGE.md 9.5: the caller's `located` fills in the call site.
            var e = located(error, fn.decl.loc)
            e.frames.append((fn.decl.name, nil))
            throw e
        }
        return .none
    }

    // MARK: - Shared checks

    /// The one call-depth check, for every call kind; the caller decrements on the way out.
    @inline(__always)
    func enterCall() throws {
        callDepth += 1
        if callDepth > LanguageLimits.maxCallDepth {
            callDepth -= 1
            throw LangError("recursion depth exceeded (\(LanguageLimits.maxCallDepth) nested calls)")
        }
    }

    func noMember(_ receiver: Value, _ name: String, method: Bool) -> String {
        let hint = Suggestion.phrase(for: name, among: members(of: receiver))
        switch receiver {
        case .dict: return "dict has no key '\(name)'" + (method ? " and no method '\(name)'" : "") + hint
        case .layer(let l): return "\(l.kind) layer has no \(method ? "method" : "parameter or attribute") '\(name)'" + hint
        default: return "\(receiver.kindDescription) has no \(method ? "method" : "attribute") '\(name)'" + hint
        }
    }
}
