import TensorRuntime

/// Attention layers and functions (LANGUAGE.md §5 "Layers"): the Luong/Bahdanau `attention`
/// layer, `multihead_attention`, `scaled_dot_attention` and the masks. Masks use 1 = may attend.
enum AttentionLayersLibrary {
    static let library = Library(name: "Attention", builtins: builtins,
                                 layerTypes: [attentionType, multiheadType])

    static let query = Parameter("q", "tensor")
    static let keys = Parameter("k", "tensor")
    static let mask = Parameter("mask", "tensor", default: Value.none)

    static let attentionType = LayersLibrary.layerType("attention",
        call: Builtin("attention", [LayersLibrary.layerParameter, query, keys, mask], section: "Layers",
                      summary: "Softmaxed attention weights [B, T, S] of queries q [B, T, H] (or [B, H]) over keys k [B, S, H]; where the mask (broadcast to [B, T, S]) is 0 the weight is 0.",
                      example: "att = attention(method: \"dot\")\natt(ones(1, 1, 4), ones(1, 3, 4))") { a in
            let att = try LayersLibrary.runtime(a, 0, as: Attention.self)
            return .tensor(try att(a.tensorArg(1), a.tensorArg(2), mask: a.optionalTensorArg(3)))
        },
        methods: [
            Builtin("score", [LayersLibrary.layerParameter, query, keys], section: "Layers",
                    summary: "The raw scores [B, T, S] before the softmax.",
                    example: "att = attention(method: \"general\", hidden: 4)\natt.score(ones(1, 1, 4), ones(1, 3, 4)).shape") { a in
                let att = try LayersLibrary.runtime(a, 0, as: Attention.self)
                return .tensor(try att.score(a.tensorArg(1), a.tensorArg(2)))
            },
        ],
        describe: { layer in
            guard let att = layer as? Attention else { return layer.typeName }
            return "Attention(method='\(att.method.rawValue)'" + (att.hidden.map { ", hidden=\($0)" } ?? "") + ")"
        })

    static let multiheadType = LayersLibrary.layerType("multihead_attention",
        call: Builtin("multihead_attention", [LayersLibrary.layerParameter, query, keys, Parameter("v", "tensor"), mask],
                      section: "Layers",
                      summary: "torch.nn.MultiheadAttention (batch_first=True): q [B, T, E], k and v [B, S, E] → (output [B, T, E], weights averaged over heads [B, T, S]). mask: 1 = attend; [T, S] or [B, S].",
                      example: "mha = multihead_attention(4, 2)\nout, w = mha(ones(1, 3, 4), ones(1, 3, 4), ones(1, 3, 4))\nw.shape") { a in
            let mha = try LayersLibrary.runtime(a, 0, as: MultiheadAttention.self)
            let r = try mha(a.tensorArg(1), a.tensorArg(2), a.tensorArg(3), mask: a.optionalTensorArg(4))
            return .tuple([.tensor(r.output), .tensor(r.weights)])
        },
        describe: { layer in
            guard let mha = layer as? MultiheadAttention else { return layer.typeName }
            let e = mha.embedDim
            return "MultiheadAttention(\n  (out_proj): Linear(in_features=\(e), out_features=\(e), bias=True)\n)"
        })

    static let builtins: [Builtin] = [
        Builtin("attention", [Parameter("method", "string", default: .string("dot")), Parameter("hidden", "number", default: Value.none)],
                section: "Layers",
                summary: "An attention layer with a score function: \"dot\" q·k, \"general\" q·(W k), \"concat\" v·tanh(W [q; k]), \"additive\" v·tanh(W_q q + W_k k), \"scaled_dot\" q·k/√H. hidden is needed by methods with parameters.",
                example: "att = attention(method: \"general\", hidden: 4)\natt") { a in
            .layer(LayerObject(kind: "attention", layer: try Attention(method: a.stringArg(0), hidden: a.optionalIntArg(1))))
        },
        Builtin("multihead_attention", [Parameter("dim", "number"), Parameter("heads", "number")], section: "Layers",
                summary: "torch.nn.MultiheadAttention(dim, heads, batch_first=True): in_proj_weight [3·dim, dim], in_proj_bias, out_proj.weight, out_proj.bias.",
                example: "mha = multihead_attention(8, 2)\nmha.in_proj_weight.shape") { a in
            .layer(LayerObject(kind: "multihead_attention", layer: try MultiheadAttention(a.intArg(0), a.intArg(1))))
        },
        Builtin("scaled_dot_attention", [query, keys, Parameter("v", "tensor"), mask, Parameter("causal", "bool", default: .bool(false))],
                methodOf: [.tensor], section: "Layers",
                summary: "softmax(q·kᵀ/√D) · v with the weights: q [..., T, D], k [..., S, D], v [..., S, Dv] → (output [..., T, Dv], weights [..., T, S]). mask: 1 = attend; causal: true hides later keys.",
                example: "x = ones(1, 3, 4)\nout, w = scaled_dot_attention(x, x, x, causal: true)\nw") { a in
            let r = try TensorRuntime.scaledDotAttention(a.tensorArg(0), a.tensorArg(1), a.tensorArg(2),
                                                         mask: a.optionalTensorArg(3), causal: a.boolArg(4))
            return .tuple([.tensor(r.output), .tensor(r.weights)])
        },
        Builtin("causal_mask", [Parameter("n", "number"), Parameter("m", "number", default: Value.none)], section: "Masks",
                summary: "[n, n] (or [n, m]) with 1 where a query may attend: at and before its own position.",
                example: "causal_mask(3)") { a in
            if let m = try a.optionalIntArg(1) { return .tensor(try TensorRuntime.causalMask(a.intArg(0), m)) }
            return .tensor(try TensorRuntime.causalMask(a.intArg(0)))
        },
        Builtin("padding_mask", [Parameter("lengths", "list or tensor"), Parameter("max_len", "number", default: Value.none)],
                section: "Masks",
                summary: "[B, max_len] with 1 on the first lengths[b] positions of row b (real tokens) and 0 on padding.",
                example: "padding_mask([2, 3], 4)") { a in
            let maxLen = try a.optionalIntArg(1)
            if case .tensor(let t) = a.arg(0) { return .tensor(try TensorRuntime.paddingMask(lengths: t, maxLen: maxLen)) }
            return .tensor(try TensorRuntime.paddingMask(lengths: a.intListArg(0), maxLen: maxLen))
        },
    ]
}
