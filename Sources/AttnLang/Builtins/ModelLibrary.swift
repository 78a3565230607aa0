import TensorRuntime

/// Models (LANGUAGE.md §5): a model is a dict of layers, possibly nested, possibly holding
/// tensors directly. `params` and `state` name everything PyTorch's way (`gru.weight_ih_l0`),
/// and `load_state` takes a state_dict exported from PyTorch unchanged.
enum ModelLibrary {
    static let library = Library(name: "Models", builtins: builtins)

    /// Where a named tensor of a model lives, so that `load_state` can write it back.
    enum Owner {
        case layer(LayerObject, LayerType, String)
        case dict(DictObject, DictKey)
        case none
    }

    struct Entry {
        let name: String
        let tensor: Tensor
        let owner: Owner
    }

    /// Every tensor of `model` in order, with dotted names: a layer's parameters under its key,
    /// nested dicts joined with `.`, tensors held directly under their key. Other values
    /// (numbers, strings: a model's settings) are skipped.
    static func entries(_ model: Value, registry: Registry, op: String) throws -> [Entry] {
        var out: [Entry] = []
        try walk(model, prefix: "", registry: registry, op: op, depth: 0, into: &out, top: true)
        return out
    }

    private static func walk(_ v: Value, prefix: String, registry: Registry, op: String, depth: Int,
                             into out: inout [Entry], top: Bool) throws {
        guard depth < maxModelNesting else { throw LangError("\(op): models nested deeper than \(maxModelNesting)") }
        switch v {
        case .layer(let l):
            guard let type = registry.layerType(l.kind) else { throw LangError("\(op): unknown layer kind \(l.kind)") }
            for (name, t) in type.parameters(l) {
                out.append(Entry(name: prefix + name, tensor: t, owner: .layer(l, type, name)))
            }
        case .dict(let d):
            for (key, item) in d.pairs {
                if case .tensor(let t) = item {
                    out.append(Entry(name: prefix + key.text, tensor: t, owner: .dict(d, key)))
                } else {
                    try walk(item, prefix: prefix + key.text + ".", registry: registry, op: op, depth: depth + 1,
                             into: &out, top: false)
                }
            }
        case .list(let l) where top:
            for (i, item) in l.items.enumerated() {
                if case .tensor(let t) = item {
                    out.append(Entry(name: String(i), tensor: t, owner: .none))
                } else {
                    try walk(item, prefix: String(i) + ".", registry: registry, op: op, depth: depth + 1,
                             into: &out, top: false)
                }
            }
        case .tensor(let t) where top:
            out.append(Entry(name: "0", tensor: t, owner: .none))
        default:
            if top { throw LangError("\(op): expected a model (a dict of layers), a layer or a list of tensors, not \(describeForError(v))") }
        }
    }

    /// The live tensors of a model, a dict of tensors or a list, each once (what optimizers take).
    static func parameterTensors(_ v: Value, registry: Registry, op: String) throws -> [Tensor] {
        var seen = Set<ObjectIdentifier>()
        var out: [Tensor] = []
        for e in try entries(v, registry: registry, op: op) where seen.insert(ObjectIdentifier(e.tensor)).inserted {
            out.append(e.tensor)
        }
        return out
    }

    static let model = Parameter("model", "dict of layers or layer")

    static let builtins: [Builtin] = [
        Builtin("params", [model], methodOf: [.layer, .dict], section: "Models",
                summary: "The live parameters by PyTorch name ({\"gru.weight_ih_l0\": ...}); they carry .grad after backward. Shared tensors appear once.",
                example: "model = {\"emb\": embedding(5, 3), \"out\": linear(3, 5)}\nkeys(params(model))") { a in
            var seen = Set<ObjectIdentifier>()
            let d = DictObject()
            for e in try entries(a.arg(0), registry: a.context.registry, op: "params")
            where seen.insert(ObjectIdentifier(e.tensor)).inserted {
                d[e.name] = .tensor(e.tensor)
            }
            return .dict(d)
        },
        Builtin("state", [model], methodOf: [.layer, .dict], section: "Models",
                summary: "The state_dict: every parameter by PyTorch name, detached (sharing storage, as PyTorch's state_dict).",
                example: "model = {\"gru\": gru(3, 4)}\nkeys(state(model))") { a in
            let d = DictObject()
            for e in try entries(a.arg(0), registry: a.context.registry, op: "state") {
                d[e.name] = .tensor(e.tensor.detach())
            }
            return .dict(d)
        },
        Builtin("load_state", [model, Parameter("state", "dict of tensors")], methodOf: [.layer, .dict], section: "Models",
                summary: "Copies a state_dict (e.g. load(\"m.safetensors\") exported from PyTorch) into the model's parameters, checking every name and shape first; nothing changes when a key is missing, unexpected or mis-shaped.",
                example: "a = {\"out\": linear(3, 2)}\nb = {\"out\": linear(3, 2)}\nload_state(b, state(a))\nallclose(b.out.weight, a.out.weight)") { a in
            guard case .dict(let source) = a.arg(1) else { throw a.failure(1, "a dict of tensors", a.arg(1)) }
            try loadState(a.arg(0), source, registry: a.context.registry)
            return .none
        },
        Builtin("num_params", [model], methodOf: [.layer, .dict], section: "Models",
                summary: "The number of trainable numbers in a model (each shared tensor counted once).",
                example: "num_params({\"out\": linear(3, 2)})") { a in
            let n = try parameterTensors(a.arg(0), registry: a.context.registry, op: "num_params").reduce(0) { $0 + $1.count }
            return .number(Double(n))
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
            let source = e.tensor.storage === t.storage ? try t.clonedContiguous(op: "load_state") : t
            if e.tensor.isContiguous {
                source.copyStrided(to: e.tensor.dataPointer)
                continue
            }
            let copy = try t.detach().clone()
            switch e.owner {
            case .layer(let l, let type, let name): try type.setParameter(l, name, copy)
            case .dict(let d, let key):
                copy.requiresGrad = e.tensor.requiresGrad
                d[key] = .tensor(copy)
            case .none: throw LangError("load_state: \(e.name) is a strided view and cannot be loaded in place")
            }
        }
    }
}
