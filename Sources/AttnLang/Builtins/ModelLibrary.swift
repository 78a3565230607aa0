import TensorRuntime

/// Models (LANGUAGE.md §5): a model is a dict of layers, possibly nested, possibly holding
/// tensors directly. `params` and `state` name everything PyTorch's way (`gru.weight_ih_l0`),
/// and `load_state` takes a state_dict exported from PyTorch unchanged.
enum ModelLibrary {
    static let library = Library(name: "Models", builtins: builtins)

    /// Where a named tensor of a model lives, so that `load_state` can write it back.
    enum Owner {
        case layer(LayerObject, String)
        case dict(DictObject, DictKey)
        case list(ListObject, Int)
        case none
    }

    struct Entry {
        let name: String
        let tensor: Tensor
        let owner: Owner
    }

    /// What a walk collects (LANGUAGE.md 9.4). Every walk takes layers' parameters and walks
    /// dicts and lists (lists as nn.ModuleList: `layers.0.weight`); they differ in the other
    /// entries of a model dict:
    enum Purpose {
        /// `params`, optimizers: tensors held directly only when they are trainable leaves
        /// (a computed tensor such as d2l's `attention_weights` is not a parameter); settings skipped.
        case parameters
        /// `state`, `load_state`: every tensor held directly; settings skipped.
        case state
        /// `save`: every tensor; any other entry is an error that names it, rather than
        /// being dropped from the file.
        case save
    }

    /// Every tensor of `model` that `purpose` collects, in order, with dotted names: a layer's
    /// parameters under its key, nested dicts and lists joined with `.`, tensors held directly
    /// under their key. A list or tensor given as the model itself is taken whole (`adam([w])`).
    static func entries(_ model: Value, registry: Registry, op: String, purpose: Purpose = .state) throws -> [Entry] {
        var out: [Entry] = []
        try walk(model, prefix: "", registry: registry, op: op, purpose: purpose, depth: 0, into: &out, top: true)
        return out
    }

    private static func walk(_ v: Value, prefix: String, registry: Registry, op: String, purpose: Purpose,
                             depth: Int, into out: inout [Entry], top: Bool) throws {
        guard depth < maxModelNesting else { throw LangError("\(op): models nested deeper than \(maxModelNesting)") }
        func item(_ item: Value, _ name: String, _ owner: Owner) throws {
            if case .tensor(let t) = item {
                guard top || purpose != .parameters || (t.isLeaf && t.requiresGrad) else { return }
                out.append(Entry(name: prefix + name, tensor: t, owner: owner))
            } else {
                try walk(item, prefix: prefix + name + ".", registry: registry, op: op, purpose: purpose,
                         depth: depth + 1, into: &out, top: false)
            }
        }
        switch v {
        case .layer(let l):
            for (name, t) in l.layer.namedParameters {
                out.append(Entry(name: prefix + name, tensor: t, owner: .layer(l, name)))
            }
        case .dict(let d):
            for (key, value) in d.pairs { try item(value, key.text, .dict(d, key)) }
        case .list(let l):
            for (i, value) in l.items.enumerated() { try item(value, String(i), .list(l, i)) }
        case .tensor(let t) where top:
            out.append(Entry(name: "0", tensor: t, owner: .none))
        default:
            if top { throw LangError("\(op): expected a model (a dict of layers), a layer or a list of tensors, not \(describeForError(v))") }
            if purpose == .save {
                throw LangError("\(op): \"\(prefix.dropLast())\" is \(v.isNumber ? "the number " : "")\(describeForError(v)), which a .safetensors file cannot store (it holds tensors only); save state(model) to keep just the tensors")
            }
        }
    }

    /// The live tensors of a model, a dict of tensors or a list, each once (what optimizers take).
    static func parameterTensors(_ v: Value, registry: Registry, op: String) throws -> [Tensor] {
        var seen = Set<ObjectIdentifier>()
        var out: [Tensor] = []
        for e in try entries(v, registry: registry, op: op, purpose: .parameters)
        where seen.insert(ObjectIdentifier(e.tensor)).inserted {
            out.append(e.tensor)
        }
        return out
    }

    static func modelArg(_ p: Signature) -> Arg<Value> { p.value("model", hint: "dict of layers or layer") }

    static let builtins: [Builtin] = [
        Builtin("params", methodOf: [.layer, .dict], section: "Models",
                summary: "The live parameters by PyTorch name ({\"gru.weight_ih_l0\": ...}): every layer's, and tensors held directly that are trainable leaves (computed tensors and settings are skipped); lists count as nn.ModuleList (\"layers.0.weight\"). They carry .grad after backward; shared tensors appear once.",
                example: "model = {\"emb\": embedding(5, 3), \"out\": linear(3, 5)}\nkeys(params(model))") { p in
            let model = modelArg(p)
            return { a in
                var seen = Set<ObjectIdentifier>()
                let d = DictObject()
                for e in try entries(a.value(model), registry: a.context.registry, op: "params", purpose: .parameters)
                where seen.insert(ObjectIdentifier(e.tensor)).inserted {
                    d[e.name] = .tensor(e.tensor)
                }
                return .dict(d)
            }
        },
        Builtin("state", methodOf: [.layer, .dict], section: "Models",
                summary: "The state_dict: every parameter by PyTorch name, detached (sharing storage, as PyTorch's state_dict).",
                example: "model = {\"gru\": gru(3, 4)}\nkeys(state(model))") { p in
            let model = modelArg(p)
            return { a in
                let d = DictObject()
                for e in try entries(a.value(model), registry: a.context.registry, op: "state") {
                    d[e.name] = .tensor(e.tensor.detach())
                }
                return .dict(d)
            }
        },
        Builtin("load_state", methodOf: [.layer, .dict], section: "Models",
                summary: "Copies a state_dict (e.g. load(\"m.safetensors\") exported from PyTorch) into the model's parameters, checking every name and shape first; nothing changes when a key is missing, unexpected or mis-shaped.",
                example: "a = {\"out\": linear(3, 2)}\nb = {\"out\": linear(3, 2)}\nload_state(b, state(a))\nallclose(b.out.weight, a.out.weight)") { p in
            let model = modelArg(p), state = p.value("state", hint: "dict of tensors")
            return { a in
                guard case .dict(let source) = a.value(state) else { throw a.failure(state, "a dict of tensors") }
                try loadState(a.value(model), source, registry: a.context.registry)
                return .none
            }
        },
        Builtin("num_params", methodOf: [.layer, .dict], section: "Models",
                summary: "The number of trainable numbers in a model (each shared tensor counted once).",
                example: "num_params({\"out\": linear(3, 2)})") { p in
            let model = modelArg(p)
            return { a in
                let n = try parameterTensors(a.value(model), registry: a.context.registry, op: "num_params").reduce(0) { $0 + $1.count }
                return .number(Double(n))
            }
        },
    ]

    static func loadState(_ model: Value, _ source: DictObject, registry: Registry) throws {
        let targets = try entries(model, registry: registry, op: "load_state")
        var expected = Set<String>()
        var missing: [String] = []
        var problems: [String] = []
        var plan: [(Entry, Tensor)] = []
        for e in targets {
            expected.insert(e.name)
            guard let value = source[e.name] else { missing.append(e.name); continue }
            guard case .tensor(let t) = value else {
                problems.append("\(e.name) is \(describeForError(value)), not a tensor")
                continue
            }
            guard t.shape == e.tensor.shape else {
                problems.append("\(e.name) has shape \(shapeString(e.tensor.shape)) in the model but \(shapeString(t.shape)) in the state")
                continue
            }
            plan.append((e, t))
        }
        let unexpected = source.keys.map(\.text).filter { !expected.contains($0) }
        if !missing.isEmpty { problems.insert("missing keys: " + missing.joined(separator: ", "), at: 0) }
        if !unexpected.isEmpty { problems.append("unexpected keys: " + unexpected.joined(separator: ", ")) }
        guard problems.isEmpty else { throw LangError("load_state: " + problems.joined(separator: "; ")) }
        for (e, t) in plan where e.tensor !== t {
            // Copy into the live tensor so optimizers already holding it keep training it,
            // as PyTorch's load_state_dict copies under no_grad. A source sharing the
            // target's storage (a view of it) is copied out first so the two cannot overlap.
            // A state of another dtype (an int64 file) converts to the parameter's float32.
            let source = e.tensor.storage === t.storage || t.dtype != .float32 ? try t.float().clonedContiguous(op: "load_state") : t
            if e.tensor.isContiguous {
                source.copyStrided(to: e.tensor.dataPointer)
                continue
            }
            let copy = try t.detach().clone()
            switch e.owner {
            case .layer(let l, let name): try l.layer.setParameter(name, copy)
            case .dict(let d, let key):
                copy.requiresGrad = e.tensor.requiresGrad
                d[key] = .tensor(copy)
            case .list(let l, let i):
                copy.requiresGrad = e.tensor.requiresGrad
                l.items[i] = .tensor(copy)
            case .none: throw LangError("load_state: \(e.name) is a strided view and cannot be loaded in place")
            }
        }
    }
}
