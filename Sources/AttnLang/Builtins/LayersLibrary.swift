import TensorRuntime

/// Layer constructors and the simple layer kinds (LANGUAGE.md §5 "Layers"): `linear`,
/// `embedding`, `dropout`, and `train`/`eval`. Recurrent and attention layers are in
/// RecurrentLayersLibrary and AttentionLayersLibrary.
///
/// A layer value is a `LayerObject` holding its `LayerType` (defined here) and the runtime
/// object (`Linear`, `RNN`, ...), which holds the parameters under PyTorch's state_dict names.
enum LayersLibrary {
    static let library = Library(name: "Layers", builtins: builtins,
                                 layerTypes: [linearType, embeddingType, dropoutType],
                                 attributes: attributes)

    static func pythonBool(_ b: Bool) -> String { b ? "True" : "False" }

    static let linearType = LayerType(kind: "linear",
        call: Builtin("linear", section: "Layers",
                      summary: "x · weightᵀ + bias over the last dimension: [..., in] → [..., out].",
                      example: "lin = linear(3, 2)\nlin(ones(4, 3)).shape") { p in
            let layer = p.layer(), x = p.tensor("x")
            return { a in .tensor(try a.layer(layer, as: Linear.self)(a[x])) }
        },
        describe: { layer in
            guard let l = layer as? Linear else { return layer.typeName }
            return "Linear(in_features=\(l.inFeatures), out_features=\(l.outFeatures), bias=\(pythonBool(l.bias != nil)))"
        })

    static let embeddingType = LayerType(kind: "embedding",
        call: Builtin("embedding", section: "Layers",
                      summary: "Rows of weight for each id: ids [...] → [..., dim].",
                      example: "emb = embedding(10, 4)\nemb(tensor([[1, 2, 3]])).shape") { p in
            let layer = p.layer(), ids = p.tensor("ids", hint: "tensor of token ids", keepDType: true)
            return { a in .tensor(try a.layer(layer, as: Embedding.self)(a[ids])) }
        },
        describe: { layer in
            guard let e = layer as? Embedding else { return layer.typeName }
            return "Embedding(\(e.numEmbeddings), \(e.embeddingDim))"
        })

    static let dropoutType = LayerType(kind: "dropout",
        call: Builtin("dropout", section: "Layers",
                      summary: "Zeroes elements with probability p and scales the rest by 1/(1-p) while training; identity in eval mode.",
                      example: "drop = dropout(0.1)\neval(drop)\ndrop(ones(3))") { p in
            let layer = p.layer(), x = p.tensor("x")
            return { a in .tensor(try a.layer(layer, as: Dropout.self)(a[x])) }
        },
        describe: { layer in
            guard let d = layer as? Dropout else { return layer.typeName }
            return "Dropout(p=\(d.p), inplace=False)"
        })

    static let builtins: [Builtin] = [
        Builtin("linear", section: "Layers",
                summary: "A linear layer (torch.nn.Linear): weight [out, in], bias [out], initialised as PyTorch does from the seeded generator.",
                example: "seed(0)\nlin = linear(3, 2)\nlin.weight.shape") { p in
            let inputs = p.int("in"), outputs = p.int("out"), bias = p.bool("bias", default: true)
            p.torchName("in_features", for: inputs)
            p.torchName("out_features", for: outputs)
            return { a in .layer(LayerObject(type: linearType, layer: try Linear(a[inputs], a[outputs], bias: a[bias]))) }
        },
        Builtin("embedding", section: "Layers",
                summary: "A lookup table of num vectors of size dim (torch.nn.Embedding): weight [num, dim] ~ N(0, 1).",
                example: "emb = embedding(10, 4)\nemb(tensor([1, 2])).shape") { p in
            let num = p.int("num"), dim = p.int("dim")
            p.torchName("num_embeddings", for: num)
            p.torchName("embedding_dim", for: dim)
            return { a in .layer(LayerObject(type: embeddingType, layer: try Embedding(a[num], a[dim]))) }
        },
        Builtin("dropout", methodOf: [.tensor], section: "Layers",
                summary: "dropout(p) makes a dropout layer; dropout(x, p) applies dropout to x now (F.dropout, training by default).",
                example: "drop = dropout(0.5)\nseed(0)\ndropout(ones(4), 0.5)") { p in
            let x = p.tensor("x", hint: "tensor or p"), prob = p.optional("p", Double.self)
            let training = p.bool("training", default: true)
            return { a in
                if case .number(let p) = a.value(x), a.isNone(prob) {
                    return .layer(LayerObject(type: dropoutType, layer: try Dropout(p)))
                }
                return .tensor(try TensorRuntime.dropout(a[x], p: a[prob] ?? 0.5, training: a[training]))
            }
        },
        mode("train", training: true),
        mode("eval", training: false),
    ]

    static func mode(_ name: String, training: Bool) -> Builtin {
        Builtin(name, methodOf: [.layer, .dict], section: "Layers",
                summary: training ? "Puts layers (or every layer of model dicts and lists, skipping entries that are not layers) in training mode: dropout active."
                                  : "Puts layers (or every layer of model dicts and lists, skipping entries that are not layers) in evaluation mode: dropout off.",
                example: "model = {\"drop\": dropout(0.2), \"out\": linear(4, 2)}\n\(name)(model)") { p in
            let layers = p.rest("layers", hint: "layers or models")
            return { a in
                for item in a[layers] { try setMode(item, training: training, registry: a.context.registry, depth: 0) }
                return .none
            }
        }
    }

    static func setMode(_ v: Value, training: Bool, registry: Registry, depth: Int) throws {
        guard depth < maxModelNesting else { throw LangError("models nested deeper than \(maxModelNesting)") }
        switch v {
        case .layer(let l):
            l.layer.training = training
        case .dict(let d):
            for (_, item) in d.pairs { try setMode(item, training: training, registry: registry, depth: depth + 1) }
        case .list(let l):
            for item in l.items { try setMode(item, training: training, registry: registry, depth: depth + 1) }
        default:
            // Inside a model dict, entries that are not layers (settings, tensors) have no mode.
            guard depth == 0 else { return }
            throw LangError("\(training ? "train" : "eval"): expected layers or dicts of layers, not \(describeForError(v))")
        }
    }

    /// `mha.out_proj` (the output projection, a linear layer whose parameters are the
    /// multihead layer's `out_proj.weight` and `out_proj.bias`) and `layer.training`.
    static let attributes: [Attribute] = [
        Attribute(kind: .layer, name: "out_proj",
                  summary: "The output projection of a multihead_attention layer, a linear layer (so mha.out_proj.weight reads and assigns out_proj.weight).") { v in
            guard case .layer(let l) = v, let mha = l.layer as? MultiheadAttention else {
                throw LangError(".out_proj: only multihead_attention layers have an output projection")
            }
            return .layer(LayerObject(type: linearType, layer: mha.outProj))
        },
        Attribute(kind: .layer, name: "training", summary: "True in training mode (see train and eval).") { v in
            guard case .layer(let l) = v else { throw LangError(".training needs a layer") }
            return .bool(l.layer.training)
        },
    ]
}

/// Deepest nesting of model dicts accepted; guards recursion against self-containing dicts.
let maxModelNesting = 32
