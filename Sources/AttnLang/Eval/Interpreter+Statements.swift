import TensorRuntime

extension Interpreter {
    func exec(_ stmts: [Stmt], _ frame: Frame) throws -> Flow {
        for stmt in stmts {
            let flow = try exec(stmt, frame)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func exec(_ stmt: Stmt, _ frame: Frame) throws -> Flow {
        switch stmt {
        case .expression(let e, _):
            _ = try eval(e, frame)
            return .normal
        case .assign(let target, let e, _):
            try assign(target, try eval(e, frame), frame)
            return .normal
        case .compound(let op, let target, let e, let loc):
            try compoundAssign(op, target, e, loc, frame)
            return .normal
        case .ifElse(let branches, let elseBody, _):
            for branch in branches where try condition(branch.condition, frame) {
                return try exec(branch.body, frame)
            }
            if let elseBody { return try exec(elseBody, frame) }
            return .normal
        case .whileLoop(let condition, let body, let loc):
            while try self.condition(condition, frame) {
                try pollInterrupt(loc)
                switch try exec(body, frame) {
                case .normal, .continueLoop: continue
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                }
            }
            return .normal
        case .forLoop(let target, let iterable, let body, let loc):
            return try forLoop(target, iterable, body, loc, frame)
        case .function(let target, let decl):
            var defaults: [Value?] = []
            defaults.reserveCapacity(decl.resolvedDefaults.count)
            for d in decl.resolvedDefaults { defaults.append(try d.map { try eval($0, frame) }) }
            let closure = frame === root ? nil : frame
            try assign(target, .function(.user(FunctionObject(decl: decl, defaults: defaults, closure: closure))), frame)
            return .normal
        case .returnValue(let e, _):
            return .returned(try e.map { try eval($0, frame) } ?? .none)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
    }

    /// A condition's truth; a plain `true`/`false` skips computing the location `truthy` needs.
    @inline(__always)
    private func condition(_ e: Expr, _ frame: Frame) throws -> Bool {
        let v = try eval(e, frame)
        if case .bool(let b) = v { return b }
        return try truthy(v, e.loc)
    }

    private func forLoop(_ target: Target, _ iterable: Expr, _ body: [Stmt], _ loc: Loc, _ frame: Frame) throws -> Flow {
        // `for i in range(...)` counts without building the list.
        if case .call(.variable(_, .global(let g), _), let args, let callLoc) = iterable,
           g == rangeIndex, isBuiltin(globalIndex: g), args.keywords.isEmpty, (1...3).contains(args.positional.count) {
            var bounds: [Double] = []
            for a in args.positional {
                let v = try eval(a, frame)
                do { bounds.append(Double(try v.toInt(what: "range: bound"))) } catch { throw located(error, callLoc) }
            }
            let (start, end, step) = bounds.count == 1 ? (0, bounds[0], 1) : (bounds[0], bounds[1], bounds.count == 3 ? bounds[2] : 1)
            if step == 0 { throw RuntimeError(message: "range: step must not be zero", loc: callLoc) }
            var i = start
            var direct: Slot?
            if case .variable(_, let slot, _) = target { direct = slot }
            while step > 0 ? i < end : i > end {
                try pollInterrupt(loc)
                if let direct { write(direct, .number(i), frame) } else { try assign(target, .number(i), frame) }
                switch try exec(body, frame) {
                case .normal, .continueLoop: break
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                }
                i += step
            }
            return .normal
        }
        let collection = try eval(iterable, frame)
        let count: Int
        let item: (Int) throws -> Value
        switch collection {
        case .list(let l):
            // A snapshot: appending inside the loop does not extend it.
            let items = l.items
            count = items.count
            item = { items[$0] }
        case .tuple(let items):
            count = items.count
            item = { items[$0] }
        case .string(let s):
            let chars = Array(s)
            count = chars.count
            item = { .string(String(chars[$0])) }
        case .dict(let d):
            let keys = d.keys
            count = keys.count
            item = { keys[$0].value }
        case .tensor(let t):
            guard t.rank > 0 else { throw RuntimeError(message: "cannot iterate over a 0-d tensor", loc: iterable.loc) }
            count = t.shape[0]
            item = { .tensor(try tensorRow(t, $0)) }
        default:
            throw RuntimeError(message: "cannot iterate over \(collection.kindDescription)", loc: iterable.loc)
        }
        for i in 0..<count {
            try pollInterrupt(loc)
            let value: Value
            do { value = try item(i) } catch { throw located(error, iterable.loc) }
            try assign(target, value, frame)
            switch try exec(body, frame) {
            case .normal, .continueLoop: continue
            case .breakLoop: return .normal
            case .returned(let v): return .returned(v)
            }
        }
        return .normal
    }
}
