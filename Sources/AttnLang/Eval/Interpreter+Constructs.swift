import TensorRuntime

/// The version 0.2 expression forms (LANGUAGE.md 9.1): f-strings, anonymous functions,
/// comprehensions, and the `with` statement.
extension Interpreter {
    func evalFormat(_ parts: [FormatPart], _ frame: Frame) throws -> String {
        var out = ""
        for part in parts {
            switch part {
            case .text(let s):
                out += s
            case .field(let e, let conversion, let spec):
                var value = try eval(e, frame)
                switch conversion {
                case "r", "a": value = .string(value.repr)
                case "s": value = .string(value.str)
                default: break
                }
                let specText = try spec.map { try evalFormat($0, frame) } ?? ""
                do {
                    out += try formatValue(value, specText)
                    try checkSize(out.unicodeScalars.count, "string")
                } catch {
                    throw located(error, e.loc)
                }
            }
        }
        return out
    }

    /// A function value closing over `frame`, as `fn name` statements make.
    func makeFunction(_ decl: FunctionDecl, _ frame: Frame) throws -> Value {
        var defaults: [Value?] = []
        defaults.reserveCapacity(decl.resolvedDefaults.count)
        for d in decl.resolvedDefaults { defaults.append(try d.map { try eval($0, frame) }) }
        let closure = frame === root ? nil : frame
        return .function(.user(FunctionObject(decl: decl, defaults: defaults, closure: closure)))
    }

    func evalComprehension(_ c: Comprehension, _ loc: Loc, _ frame: Frame) throws -> Value {
        guard case .forIn(_, let firstIterable) = c.clauses.first else { return .list(ListObject([])) }
        let first = try eval(firstIterable, frame)
        let inner = Frame.make(count: c.slotCount, parent: frame)
        var run = ComprehensionRun(dict: c.value == nil ? nil : DictObject())
        try comprehensionStep(c, 0, first, inner, loc, &run)
        if let d = run.dict { return .dict(d) }
        return .list(ListObject(run.items))
    }

    private func comprehensionStep(_ c: Comprehension, _ i: Int, _ first: Value, _ frame: Frame, _ loc: Loc,
                                   _ run: inout ComprehensionRun) throws {
        guard i < c.clauses.count else {
            if let d = run.dict {
                let key = try eval(c.element, frame)
                let hashable: DictKey
                do { hashable = try DictKey(key) } catch { throw located(error, c.element.loc) }
                d[hashable] = try eval(c.value!, frame)
            } else {
                run.items.append(try eval(c.element, frame))
                if run.items.count > LanguageLimits.maxElements {
                    throw RuntimeError(message: "list too large: more than \(LanguageLimits.maxElements) elements (the limit)", loc: loc)
                }
            }
            return
        }
        switch c.clauses[i] {
        case .condition(let e):
            let v = try eval(e, frame)
            if try truthy(v, e.loc) { try comprehensionStep(c, i + 1, first, frame, loc, &run) }
        case .forIn(let target, let e):
            // The same iteration as `for` (a range stays lazy).
            var items: ValueIterator
            do { items = try ValueIterator(i == 0 ? first : try eval(e, frame)) } catch { throw located(error, e.loc) }
            while true {
                let next: Value?
                do { next = try items.next() } catch { throw located(error, e.loc) }
                guard let item = next else { return }
                try poll(at: loc)
                try assign(target, item, frame)
                try comprehensionStep(c, i + 1, first, frame, loc, &run)
            }
        }
    }

    /// `with e { }`: calls e's `__enter__` entry, runs the block in the current scope, then calls
    /// `__exit__` (also when the block fails). `no_grad()` returns such a dict.
    func execWith(_ e: Expr, _ target: Target?, _ body: [Stmt], _ loc: Loc, _ frame: Frame) throws -> Flow {
        let manager = try eval(e, frame)
        guard case .dict(let d) = manager, let enter = d["__enter__"], let exit = d["__exit__"] else {
            throw RuntimeError(message: "with needs a context manager (a dict with __enter__ and __exit__ functions, such as no_grad()), got \(manager.kindDescription)", loc: e.loc)
        }
        let entered: Value
        do { entered = try call(enter, []) } catch { throw located(error, e.loc) }
        let flow: Flow
        do {
            if let target { try assign(target, entered, frame) }
            flow = try exec(body, frame)
        } catch {
            _ = try? call(exit, [])
            throw error
        }
        do { _ = try call(exit, []) } catch { throw located(error, e.loc) }
        return flow
    }
}

/// What a comprehension has produced so far.
struct ComprehensionRun {
    var items: [Value] = []
    var dict: DictObject?
}
