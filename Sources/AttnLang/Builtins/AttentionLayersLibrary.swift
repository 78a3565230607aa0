import TensorRuntime

/// Attention layers and functions (LANGUAGE.md §5 "Layers"): the Luong/Bahdanau `attention`
/// layer, `multihead_attention`, `scaled_dot_attention` and the masks. Masks use 1 = may attend.
enum AttentionLayersLibrary {
    static let library = Library(name: "Attention", builtins: builtins,
                                 layerTypes: [attentionType, multiheadType])

    static func maskArg(_ p: Signature) -> Arg<Tensor?> { p.optional("mask", Tensor.self, keepDType: true) }

    static let attentionType = LayerType(kind: "attention",
        call: Builtin("attention", section: "Layers",
                      summary: "Softmaxed attention weights [B, T, S] of queries q [B, T, H] (or [B, H]) over keys k [B, S, H]; where the mask (broadcast to [B, T, S]) is 0 the weight is 0.",
                      example: "att = attention(method: \"dot\")\natt(ones(1, 1, 4), ones(1, 3, 4))") { p in
            let layer = p.layer(), q = p.tensor("q"), k = p.tensor("k"), mask = maskArg(p)
            return { a in .tensor(try a.layer(layer, as: Attention.self)(a[q], a[k], mask: a[mask])) }
        },
        methods: [
            Builtin("score", section: "Layers",
                    summary: "The raw scores [B, T, S] before the softmax.",
                    example: "att = attention(method: \"general\", hidden: 4)\natt.score(ones(1, 1, 4), ones(1, 3, 4)).shape") { p in
                let layer = p.layer(), q = p.tensor("q"), k = p.tensor("k")
                return { a in .tensor(try a.layer(layer, as: Attention.self).score(a[q], a[k])) }
            },
        ],
        describe: { layer in
            guard let att = layer as? Attention else { return layer.typeName }
            return "Attention(method='\(att.method.rawValue)'" + (att.hidden.map { ", hidden=\($0)" } ?? "") + ")"
        })

    static let multiheadType = LayerType(kind: "multihead_attention",
        call: Builtin("multihead_attention", section: "Layers",
                      summary: "torch.nn.MultiheadAttention (batch_first=True): q [B, T, E], k and v [B, S, E] → (output [B, T, E], weights averaged over heads [B, T, S]). mask: 1 = attend; [T, S] or [B, S].",
                      example: "mha = multihead_attention(4, 2)\nout, w = mha(ones(1, 3, 4), ones(1, 3, 4), ones(1, 3, 4))\nw.shape") { p in
            let layer = p.layer(), q = p.tensor("q"), k = p.tensor("k"), v = p.tensor("v"), mask = maskArg(p)
            return { a in
                let r = try a.layer(layer, as: MultiheadAttention.self)(a[q], a[k], a[v], mask: a[mask])
                return .tuple([.tensor(r.output), .tensor(r.weights)])
            }
        },
        describe: { layer in
            guard let mha = layer as? MultiheadAttention else { return layer.typeName }
            let e = mha.embedDim
            return "MultiheadAttention(\n  (out_proj): Linear(in_features=\(e), out_features=\(e), bias=True)\n)"
        })

    static let builtins: [Builtin] = [
        Builtin("attention", section: "Layers",
                summary: "An attention layer with a score function: \"dot\" q·k, \"general\" q·(W k), \"concat\" v·tanh(W [q; k]), \"additive\" v·tanh(W_q q + W_k k), \"scaled_dot\" q·k/√H. hidden is needed by methods with parameters.",
                example: "att = attention(method: \"general\", hidden: 4)\natt") { p in
            let method = p.string("method", default: "dot"), hidden = p.optional("hidden", Int.self)
            return { a in .layer(LayerObject(type: attentionType, layer: try Attention(method: a[method], hidden: a[hidden]))) }
        },
        Builtin("multihead_attention", section: "Layers",
                summary: "torch.nn.MultiheadAttention(dim, heads, batch_first=True): in_proj_weight [3·dim, dim], in_proj_bias, out_proj.weight, out_proj.bias.",
                example: "mha = multihead_attention(8, 2)\nmha.in_proj_weight.shape") { p in
            let dim = p.int("dim"), heads = p.int("heads")
            p.torchName("embed_dim", for: dim)
            p.torchName("num_heads", for: heads)
            return { a in .layer(LayerObject(type: multiheadType, layer: try MultiheadAttention(a[dim], a[heads]))) }
        },
        Builtin("scaled_dot_attention", methodOf: [.tensor], section: "Layers",
                summary: "softmax(q·kᵀ/√D) · v with the weights: q [..., T, D], k [..., S, D], v [..., S, Dv] → (output [..., T, Dv], weights [..., T, S]). mask: 1 = attend; causal: true hides later keys.",
                example: "x = ones(1, 3, 4)\nout, w = scaled_dot_attention(x, x, x, causal: true)\nw") { p in
            let q = p.tensor("q"), k = p.tensor("k"), v = p.tensor("v"), mask = maskArg(p), causal = p.bool("causal", default: false)
            return { a in
                let r = try TensorRuntime.scaledDotAttention(a[q], a[k], a[v], mask: a[mask], causal: a[causal])
                return .tuple([.tensor(r.output), .tensor(r.weights)])
            }
        },
        Builtin("causal_mask", section: "Masks",
                summary: "[n, n] (or [n, m]) with 1 where a query may attend: at and before its own position.",
                example: "causal_mask(3)") { p in
            let n = p.int("n"), m = p.optional("m", Int.self)
            return { a in
                if let m = try a[m] { return .tensor(try TensorRuntime.causalMask(a[n], m)) }
                return .tensor(try TensorRuntime.causalMask(a[n]))
            }
        },
        Builtin("padding_mask", section: "Masks",
                summary: "[B, max_len] with 1 on the first lengths[b] positions of row b (real tokens) and 0 on padding.",
                example: "padding_mask([2, 3], 4)") { p in
            let lengths = p.arg("lengths", [Int].self, hint: "list or tensor"), maxLenArg = p.optional("max_len", Int.self)
            return { a in
                let maxLen = try a[maxLenArg]
                if case .tensor(let t) = a.value(lengths) { return .tensor(try TensorRuntime.paddingMask(lengths: t, maxLen: maxLen)) }
                return .tensor(try TensorRuntime.paddingMask(lengths: a[lengths], maxLen: maxLen))
            }
        },
    ]
}
