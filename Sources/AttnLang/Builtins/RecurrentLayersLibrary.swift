import TensorRuntime

/// `rnn`, `gru` and `lstm` (torch.nn.RNN / GRU / LSTM). One runtime class, `RNN`, with the
/// cell as a setting; the three kinds differ only in how they are called (an LSTM carries a
/// `(h, c)` pair) and how they print.
enum RecurrentLayersLibrary {
    static let library = Library(name: "Recurrent", builtins: builtins,
                                 layerTypes: [rnnType, gruType, lstmType])

    static let rnnType = layerType("rnn"), gruType = layerType("gru"), lstmType = layerType("lstm")

    static func layerType(_ kind: String) -> LayerType {
        let lstm = kind == "lstm"
        let call = Builtin(kind, section: "Layers",
                           summary: lstm
                               ? "Runs the LSTM over x [T, B, I] ([B, T, I] batch_first): (output [T, B, D·H], (h_n, c_n) each [L·D, B, H])."
                               : "Runs the layer over x [T, B, I] ([B, T, I] batch_first): (output [T, B, D·H], h_n [L·D, B, H]).",
                           example: lstm
                               ? "cell = lstm(4, 8)\nout, (h, c) = cell(zeros(5, 1, 4))\nout.shape"
                               : "cell = \(kind)(4, 8)\nout, h = cell(zeros(5, 1, 4))\nh.shape") { p in
            let layerArg = p.layer(), x = p.tensor("x")
            let state = p.value(lstm ? "state" : "h0", hint: lstm ? "(h0, c0)" : "tensor", default: Value.none)
            return { a in
                let layer = try a.layer(layerArg, as: RNN.self)
                if layer.cell == .lstm {
                    var pair: (Tensor, Tensor)? = nil
                    if case .tuple(let items) = a.value(state), items.count == 2,
                       case .tensor(let h0) = items[0], case .tensor(let c0) = items[1] {
                        pair = (h0, c0)
                    } else if !a.isNone(state) {
                        throw a.failure(state, "a tuple (h0, c0) of tensors")
                    }
                    let r = try layer(a[x], state: pair)
                    return .tuple([.tensor(r.output), .tuple([.tensor(r.state.0), .tensor(r.state.1)])])
                }
                let h0: Tensor? = try a.isNone(state) ? nil : Tensor.read(a.value(state), a, state.slot)
                let r = try layer(a[x], h0)
                return .tuple([.tensor(r.output), .tensor(r.hidden)])
            }
        }
        return LayerType(kind: kind, call: call) { layer in
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

    /// Builds the layer: sizes `in` and `hidden`, then (for `rnn`) `cell`, then the options.
    static func constructor(_ name: String, cell fixedCell: String?, summary: String, example: String) -> Builtin {
        Builtin(name, section: "Layers", summary: summary, example: example) { p in
            let inputs = p.int("in"), hidden = p.int("hidden")
            let cell = fixedCell == nil ? p.string("cell", default: "tanh") : nil
            let layers = p.int("layers", default: 1), bidirectional = p.bool("bidirectional", default: false)
            if let cell { p.torchName("nonlinearity", for: cell) }
            p.torchName("num_layers", for: layers)
            let batchFirst = p.bool("batch_first", default: false), dropout = p.number("dropout", default: 0)
            return { a in
                let r = try RNN(a[inputs], a[hidden], cell: try cell.map { try a[$0] } ?? fixedCell ?? "tanh",
                                layers: a[layers], bidirectional: a[bidirectional], batchFirst: a[batchFirst],
                                dropout: a[dropout])
                let type: LayerType
                switch r.cell {
                case .gru: type = gruType
                case .lstm: type = lstmType
                case .tanh, .relu: type = rnnType
                }
                return .layer(LayerObject(type: type, layer: r))
            }
        }
    }

    static let builtins: [Builtin] = [
        constructor("rnn", cell: nil,
                    summary: "A recurrent layer (torch.nn.RNN; cell \"tanh\", \"relu\", \"gru\" or \"lstm\"). Parameters weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} (suffix _reverse backwards).",
                    example: "r = rnn(4, 8, cell: \"relu\", layers: 2)\nr"),
        constructor("gru", cell: "gru", summary: "rnn with cell: \"gru\" (torch.nn.GRU; gates r, z, n).",
                    example: "g = gru(4, 8, batch_first: true)\nout, h = g(zeros(1, 5, 4))\nout.shape"),
        constructor("lstm", cell: "lstm",
                    summary: "rnn with cell: \"lstm\" (torch.nn.LSTM; gates i, f, g, o); called with and returning (h, c) pairs.",
                    example: "l = lstm(4, 8, bidirectional: true)\nout, (h, c) = l(zeros(5, 1, 4))\nh.shape"),
    ]
}
