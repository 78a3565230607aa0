import TensorRuntime

/// Attributes (`x.shape`, `d.k`, `layer.weight`) and assignments to them.
extension Interpreter {
    func attribute(of receiver: Value, _ name: String) throws -> Value {
        if case .dict(let d) = receiver, let v = d[name] { return v }
        if let a = registry.attribute(name, of: receiver.kind) { return try a.get(receiver) }
        if case .layer(let l) = receiver {
            if let p = l.layer.parameter(name) { return .tensor(p) }
            let params = l.layer.namedParameters
            // `mha.out_proj` groups the parameters named `out_proj.*`.
            let prefix = name + "."
            let group = params.filter { $0.0.hasPrefix(prefix) }
            if !group.isEmpty {
                return .dict(DictObject(group.map { (String($0.0.dropFirst(prefix.count)), Value.tensor($0.1)) }))
            }
        }
        if let b = registry.method(name, of: receiver) {
            return .function(.bound(BoundMethod(builtin: b, receiver: receiver)))
        }
        throw LangError(noMember(receiver, name, method: false))
    }

    func setAttribute(of receiver: Value, _ name: String, _ value: Value) throws {
        switch receiver {
        case .dict(let d):
            d[name] = value
            return
        case .layer(let l):
            if let a = registry.attribute(name, of: .layer), let set = a.set { return try set(receiver, value) }
            guard l.layer.parameter(name) != nil else {
                throw LangError("\(l.kind) layer has no parameter '\(name)' (parameters: \(l.layer.namedParameters.map(\.0).joined(separator: ", ")))")
            }
            guard case .tensor(let t) = value else {
                throw LangError("\(l.kind).\(name) must be a tensor, got \(value.kindDescription)")
            }
            try l.layer.setParameter(name, t)
            return
        default:
            if let a = registry.attribute(name, of: receiver.kind) {
                guard let set = a.set else { throw LangError("\(receiver.kindDescription) attribute '\(name)' cannot be assigned") }
                return try set(receiver, value)
            }
        }
        throw LangError("cannot set attribute '\(name)' of \(receiver.kindDescription)")
    }

    // MARK: - Assignment

    func assign(_ target: Target, _ value: Value, _ frame: Frame) throws {
        switch target {
        case .variable(_, let slot, _):
            write(slot, value, frame)
        case .index(let baseExpr, let items, let loc):
            let base = try eval(baseExpr, frame)
            let keys = try evalIndexItems(items, frame)
            do { try setIndex(base, keys, value) } catch { throw located(error, loc) }
        case .attribute(let baseExpr, let name, let loc):
            let base = try eval(baseExpr, frame)
            do { try setAttribute(of: base, name, value) } catch { throw located(error, loc) }
        case .tuple(let parts, let loc):
            let items: [Value]
            do { items = try unpack(value, count: parts.count) } catch { throw located(error, loc) }
            for (part, item) in zip(parts, items) { try assign(part, item, frame) }
        }
    }

    /// The items of a tuple, list or tensor (its first dimension) for `a, b = value`.
    func unpack(_ value: Value, count: Int) throws -> [Value] {
        let items: [Value]
        switch value {
        case .tuple(let t): items = t
        case .list(let l): items = l.items
        case .tensor(let t):
            guard t.rank > 0 else { throw LangError("cannot unpack a 0-d tensor") }
            guard t.shape[0] == count else {
                throw LangError("cannot unpack a tensor of shape \(shapeString(t.shape)) into \(count) names")
            }
            return try (0..<count).map { .tensor(try tensorRow(t, $0)) }
        default:
            throw LangError("cannot unpack \(value.kindDescription) into \(count) names")
        }
        guard items.count == count else {
            throw LangError("cannot unpack \(items.count) value\(items.count == 1 ? "" : "s") into \(count) names")
        }
        return items
    }

    /// `x op= e`: reads the target once (its base and index are evaluated once), then stores.
    /// On tensors this rebinds the name to a new tensor; `x[i] += e` writes into `x`.
    @inline(never)
    func unassignedTarget(_ target: Target, _ frame: Frame) throws {
        if case .variable(let name, let slot, let loc) = target {
            _ = try read(slot, .variable(name, slot, loc), loc, frame)
        }
    }

    func combineCompound(_ op: BinaryOp, _ old: Value, _ rhs: Value) throws -> Value {
        if case .number(let p) = old, case .number(let q) = rhs, let r = numberArithmetic(op, p, q) { return .number(r) }
        if op == .add, case .list(let l) = old, case .list(let m) = rhs {
            // `xs += [v]` extends the list in place, as in Python.
            try checkSize(l.items.count + m.items.count, "list")
            l.items.append(contentsOf: m.items)
            return old
        }
        return try binary(op, old, rhs)
    }

    func compoundAssign(_ op: BinaryOp, _ target: Target, _ e: Expr, _ loc: Loc, _ frame: Frame) throws {
        func combine(_ old: Value, _ rhs: Value) throws -> Value { try combineCompound(op, old, rhs) }
        if case .variable(_, let slot, _) = target {
            // The name is only needed for the error message: binding it here would copy it.
            guard var old = readSlot(slot, frame) else { return try unassignedTarget(target, frame) }
            let rhs = try eval(e, frame)
            if case .number(let p) = old, case .number(let q) = rhs, let r = numberArithmetic(op, p, q) {
                write(slot, .number(r), frame)
                return
            }
            if op == .add, case .string(var s) = old, case .string(let t) = rhs {
                // `s += t` appends in place: with the variable's and `old`'s references
                // dropped, `s` owns its buffer and grows amortised, instead of copying the
                // whole string every time (quadratic in a loop).
                do { try checkStringSize(s, t) } catch { throw located(error, loc) }
                old = .none
                write(slot, .none, frame)
                s += t
                write(slot, .string(s), frame)
                return
            }
            do { write(slot, try combineCompound(op, old, rhs), frame) } catch { throw located(error, loc) }
            return
        }
        switch target {
        case .variable:
            return  // handled above
        case .index(let baseExpr, let items, let iloc):
            let base = try eval(baseExpr, frame)
            let keys = try evalIndexItems(items, frame)
            do {
                let old = try index(base, keys)
                let rhs = try eval(e, frame)
                try setIndex(base, keys, try combine(old, rhs))
            } catch { throw located(error, iloc) }
        case .attribute(let baseExpr, let name, let aloc):
            let base = try eval(baseExpr, frame)
            do {
                let old = try attribute(of: base, name)
                let rhs = try eval(e, frame)
                try setAttribute(of: base, name, try combine(old, rhs))
            } catch { throw located(error, aloc) }
        case .tuple:
            throw RuntimeError(message: "compound assignment needs a single target", loc: loc)
        }
    }
}
