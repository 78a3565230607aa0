import TensorRuntime

/// What `Session` asks of the interpreter: parse, run one top-level statement, introspect.
extension Interpreter {
    func parse(source: String, file: String) -> (statements: [TopLevelStatement], diagnostics: [Diagnostic]) {
        let sourceFile = SourceFile(name: file, text: source)
        sources.append(sourceFile)
        var parser = Parser(source: sourceFile, fileIndex: sources.count - 1)
        let statements = parser.parseProgram()
        if !parser.diagnostics.isEmpty { return ([], parser.diagnostics) }
        var resolver = Resolver(globals: globals)
        return (resolver.resolve(statements), [])
    }

    /// Runs one top-level statement; an expression statement's value is displayed (and kept in
    /// `_`) unless it is none or the statement ends with `;`.
    /// `interrupted`: it failed because `Session.interruptRequested` was set.
    func runTopLevel(_ statement: TopLevelStatement) -> (StatementOutcome, interrupted: Bool) {
        output = []
        callDepth = 0
        var failure: Diagnostic?
        var endsWithValue = false
        var interrupted = false
        // A Ctrl-C that arrived while an earlier statement ran no loop or call stops here.
        if Session.interruptRequested {
            let line = sources.last?.line(statement.firstLine) ?? ""
            let error = Diagnostic(message: "interrupted", file: sources.last?.name ?? "<unknown>", line: statement.firstLine,
                                   column: 1, length: max(line.unicodeScalars.count, 1), sourceLine: line)
            return (StatementOutcome(firstLine: statement.firstLine, lastLine: statement.lastLine, items: [], error: error), true)
        }
        do {
            if case .expression(let e, let silent) = statement.stmt {
                let value = try eval(e, root)
                if !silent && !value.isNone {
                    display(.text(value.repr))
                    endsWithValue = true
                    globals[globals.index(for: "_")] = value
                }
            } else {
                _ = try exec(statement.stmt, root)
            }
        } catch let e as RuntimeError {
            failure = diagnostic(e)
            interrupted = e.interrupted
        } catch {
            failure = Diagnostic(message: String(describing: error), file: sources.last?.name ?? "<unknown>",
                               line: statement.firstLine, column: 1, length: 1,
                               sourceLine: sources.last?.line(statement.firstLine) ?? "")
        }
        let items = output
        output = []
        var outcome = StatementOutcome(firstLine: statement.firstLine, lastLine: statement.lastLine, items: items, error: failure)
        outcome.endsWithValue = endsWithValue && failure == nil
        return (outcome, interrupted)
    }

    /// Names of globals that hold a value (builtins included), for "did you mean".
    func definedGlobalNames() -> [String] {
        globals.names.indices.filter { globals[$0] != nil }.map { globals.names[$0] }
    }

    func userVariables() -> [(name: String, description: String)] {
        var result: [(name: String, description: String)] = []
        for (i, name) in globals.names.enumerated() where name != "_" {
            guard let v = globals[i], !isBuiltin(globalIndex: i) else { continue }
            result.append((name, v.typeDescription))
        }
        return result.sorted { $0.name < $1.name }
    }

    func userVariable(named name: String) -> (description: String, repr: String)? {
        guard name != "_", let i = globals.lookup(name), let v = globals[i], !isBuiltin(globalIndex: i) else { return nil }
        return (v.typeDescription, v.repr)
    }

    func helpText(for name: String) -> String? {
        if let i = globals.lookup(name), let v = globals[i], !isBuiltin(globalIndex: i) {
            if case .function(.user(let object)) = v, let fn = object as? FunctionObject {
                return "\(fn.signature)\n  a function defined at line \(fn.decl.loc.line)"
            }
            if case .function(.builtin(let b)) = v { return b.helpText }
            return "\(name): \(v.typeDescription)"
        }
        if let b = registry.builtin(named: name) { return b.helpText }
        if let t = registry.layerType(name) { return t.call.helpText }
        return nil
    }

    /// Names that complete the word before the cursor: keywords, builtins and variables, or
    /// after `x.` the members of `x` (dict keys, layer parameters, attributes, methods).
    func completions(for text: String) -> [String] {
        var wordStart = text.endIndex
        while wordStart > text.startIndex {
            let before = text.index(before: wordStart)
            let c = text[before]
            guard c == "." || c == "_" || c.isLetter || c.isNumber else { break }
            wordStart = before
        }
        let word = String(text[wordStart...])
        var candidates: Set<String> = []
        if let dot = word.lastIndex(of: ".") {
            let receiverPath = String(word[..<dot])
            let prefix = String(word[word.index(after: dot)...])
            guard let receiver = lookupPath(receiverPath) else { return [] }
            for member in members(of: receiver) where member.hasPrefix(prefix) {
                candidates.insert(receiverPath + "." + member)
            }
        } else {
            for k in TokenKind.keywordNames where k.hasPrefix(word) { candidates.insert(k) }
            for (i, name) in globals.names.enumerated() where name.hasPrefix(word) && globals[i] != nil {
                candidates.insert(name)
            }
        }
        return candidates.sorted()
    }

    /// The value of `a` or `a.b.c` (dict entries and attributes only; nothing is called).
    private func lookupPath(_ path: String) -> Value? {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, let i = globals.lookup(first), var value = globals[i] else { return nil }
        for part in parts.dropFirst() {
            guard let next = try? attribute(of: value, part) else { return nil }
            value = next
        }
        return value
    }

    func members(of value: Value) -> [String] {
        var names: [String] = []
        if case .dict(let d) = value { names += d.stringKeys }
        if case .layer(let l) = value {
            names += l.layer.namedParameters.map(\.0)
            names += l.type.methods.map(\.name)
        }
        for library in registry.libraries {
            // Only attributes this value has: `out_proj` is a layer attribute, but a GRU has none.
            names += library.attributes.filter { $0.kind == value.kind && (try? $0.get(value)) != nil }.map(\.name)
            names += library.builtins.filter { $0.methodOf.contains(value.kind) }.map(\.name)
        }
        return names
    }
}

extension Value {
    /// `tensor [1, 5, 4]`, `layer gru`, `list (3 items)`, `number`: what `:vars` shows.
    var typeDescription: String {
        switch self {
        case .tensor(let t): return "tensor \(shapeString(t.shape))"
        case .layer(let l): return "layer \(l.kind)"
        case .optimizer(let o): return "optimizer \(o.kind)"
        case .list(let l): return "list (\(l.items.count) item\(l.items.count == 1 ? "" : "s"))"
        case .tuple(let t): return "tuple (\(t.count) item\(t.count == 1 ? "" : "s"))"
        case .dict(let d): return "dict (\(d.count) key\(d.count == 1 ? "" : "s"))"
        case .function(.user(let object)):
            if let fn = object as? FunctionObject { return "function \(fn.signature)" }
            return "function"
        case .function(.builtin(let b)): return "builtin \(b.name)"
        case .function(.bound(let m)): return "method \(m.builtin.name)"
        default: return kind.rawValue
        }
    }
}
