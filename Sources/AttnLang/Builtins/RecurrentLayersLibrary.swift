import TensorRuntime

/// `rnn`, `gru` and `lstm` (torch.nn.RNN / GRU / LSTM). One runtime class, `RNN`, with the
/// cell as a setting; the three kinds differ only in how they are called (an LSTM carries a
/// `(h, c)` pair) and how they print.
enum RecurrentLayersLibrary {
    static let library = Library(name: "Recurrent", builtins: builtins,
                                 layerTypes: ["rnn", "gru", "lstm"].map(layerType))

    static func layerType(_ kind: String) -> LayerType {
        let lstm = kind == "lstm"
        let call = Builtin(kind, [LayersLibrary.layerParameter, Parameter("x", "tensor"),
                                  Parameter(lstm ? "state" : "h0", lstm ? "(h0, c0)" : "tensor", default: Value.none)],
                           section: "Layers",
                           summary: lstm
                               ? "Runs the LSTM over x [T, B, I] ([B, T, I] batch_first): (output [T, B, D·H], (h_n, c_n) each [L·D, B, H])."
                               : "Runs the layer over x [T, B, I] ([B, T, I] batch_first): (output [T, B, D·H], h_n [L·D, B, H]).",
                           example: lstm
                               ? "cell = lstm(4, 8)\nout, (h, c) = cell(zeros(5, 1, 4))\nout.shape"
                               : "cell = \(kind)(4, 8)\nout, h = cell(zeros(5, 1, 4))\nh.shape") { a in
            let layer = try LayersLibrary.runtime(a, 0, as: RNN.self)
            let x = try a.tensorArg(1)
            if layer.cell == .lstm {
                var state: (Tensor, Tensor)? = nil
                switch a.arg(2) {
                case .none: break
                case .tuple(let pair) where pair.count == 2:
                    if case .tensor(let h0) = pair[0], case .tensor(let c0) = pair[1] { state = (h0, c0) }
                default: break
                }
                if state == nil, !a.arg(2).isNoneValue {
                    throw a.failure(2, "a tuple (h0, c0) of tensors", a.arg(2))
                }
                let r = try layer(x, state: state)
                return .tuple([.tensor(r.output), .tuple([.tensor(r.state.0), .tensor(r.state.1)])])
            }
            let r = try layer(x, a.optionalTensorArg(2))
            return .tuple([.tensor(r.output), .tensor(r.hidden)])
        }
        return LayersLibrary.layerType(kind, call: call) { layer in
            guard let r = layer as? RNN else { return layer.typeName }
            var s = "\(r.typeName)(\(r.inputSize), \(r.hiddenSize)"
            if r.numLayers != 1 { s += ", num_layers=\(r.numLayers)" }
            if r.cell == .relu { s += ", nonlinearity='relu'" }
            if r.batchFirst { s += ", batch_first=True" }
            if r.dropout != 0 { s += ", dropout=\(r.dropout)" }
            if r.bidirectional { s += ", bidirectional=True" }
            return s + ")"
        }
    }

    static let options: [Parameter] = [
        Parameter("layers", "number", default: .number(1)),
        Parameter("bidirectional", "bool", default: .bool(false)),
        Parameter("batch_first", "bool", default: .bool(false)),
        Parameter("dropout", "number", default: .number(0)),
    ]

    /// Builds the layer; the options start at slot `first` (after `cell` for `rnn`).
    static func make(_ a: Arguments, cell: String, optionsFrom first: Int) throws -> Value {
        let r = try RNN(a.intArg(0), a.intArg(1), cell: cell, layers: a.intArg(first),
                        bidirectional: a.boolArg(first + 1), batchFirst: a.boolArg(first + 2),
                        dropout: a.numberArg(first + 3))
        let layerKind: String
        switch r.cell {
        case .gru: layerKind = "gru"
        case .lstm: layerKind = "lstm"
        case .tanh, .relu: layerKind = "rnn"
        }
        return .layer(LayerObject(kind: layerKind, layer: r))
    }

    static let size: [Parameter] = [Parameter("in", "number"), Parameter("hidden", "number")]

    static let builtins: [Builtin] = [
        Builtin("rnn", size + [Parameter("cell", "string", default: .string("tanh"))] + options, section: "Layers",
                summary: "A recurrent layer (torch.nn.RNN; cell \"tanh\", \"relu\", \"gru\" or \"lstm\"). Parameters weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} (suffix _reverse backwards).",
                example: "r = rnn(4, 8, cell: \"relu\", layers: 2)\nr") { a in
            try make(a, cell: a.stringArg(2), optionsFrom: 3)
        },
        Builtin("gru", size + options, section: "Layers",
                summary: "rnn with cell: \"gru\" (torch.nn.GRU; gates r, z, n).",
                example: "g = gru(4, 8, batch_first: true)\nout, h = g(zeros(1, 5, 4))\nout.shape") { a in
            try make(a, cell: "gru", optionsFrom: 2)
        },
        Builtin("lstm", size + options, section: "Layers",
                summary: "rnn with cell: \"lstm\" (torch.nn.LSTM; gates i, f, g, o); called with and returning (h, c) pairs.",
                example: "l = lstm(4, 8, bidirectional: true)\nout, (h, c) = l(zeros(5, 1, 4))\nh.shape") { a in
            try make(a, cell: "lstm", optionsFrom: 2)
        },
    ]
}
