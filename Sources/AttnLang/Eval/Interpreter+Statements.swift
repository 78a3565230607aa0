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
                try poll(at: loc)
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
            try assign(target, try makeFunction(decl, frame), frame)
            return .normal
        case .returnValue(let e, _):
            return .returned(try e.map { try eval($0, frame) } ?? .none)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .with(let e, let target, let body, let loc):
            return try execWith(e, target, body, loc, frame)
        }
    }

    /// A condition's truth; a plain `true`/`false` skips computing the location `truthy` needs.
    @inline(__always)
    private func condition(_ e: Expr, _ frame: Frame) throws -> Bool {
        let v = try eval(e, frame)
        if case .bool(let b) = v { return b }
        return try truthy(v, e.loc)
    }
}
