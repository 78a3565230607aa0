/// The recurrence of an `RNN` layer.
public enum RNNCell: String, CaseIterable {
    /// h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
    case tanh
    /// h' = relu(W_ih x + b_ih + W_hh h + b_hh)
    case relu
    /// torch.nn.GRU, gates r, z, n
    case gru
    /// torch.nn.LSTM, gates i, f, g, o; carries (h, c)
    case lstm

    /// Rows of W_ih per hidden unit.
    var gates: Int {
        switch self {
        case .tanh, .relu: return 1
        case .gru: return 3
        case .lstm: return 4
        }
    }
}

/// torch.nn.RNN / GRU / LSTM: `layers` stacked recurrent layers, optionally bidirectional.
///
/// Parameters per layer k and direction (suffix `_reverse` for the backward one), in PyTorch's
/// order: `weight_ih_l{k} [G·H, I_k]`, `weight_hh_l{k} [G·H, H]`, `bias_ih_l{k} [G·H]`,
/// `bias_hh_l{k} [G·H]`, where G is 1 (tanh, relu), 3 (gru) or 4 (lstm), and I_k is the input
/// size for k = 0 and H·directions above. All are initialised uniform(-1/sqrt(H), 1/sqrt(H))
/// in that order, as PyTorch's `reset_parameters`.
public final class RNN: Layer {
    public let cell: RNNCell
    public let inputSize: Int
    public let hiddenSize: Int
    public let numLayers: Int
    public let bidirectional: Bool
    public let batchFirst: Bool
    /// Dropout on the outputs of every layer but the last, while training.
    public let dropout: Double
    public var training = true
    public let parameterTable = ParameterTable()

    public var typeName: String {
        switch cell {
        case .tanh, .relu: return "RNN"
        case .gru: return "GRU"
        case .lstm: return "LSTM"
        }
    }

    var directions: Int { bidirectional ? 2 : 1 }

    /// `layers` stacked recurrent layers reading `[T, B, inputSize]` (`[B, T, inputSize]` when
    /// `batchFirst`) with hidden size H = `hiddenSize`; `dropout` applies between layers while
    /// training. Parameters are drawn from the generator in PyTorch's order.
    public init(_ inputSize: Int, _ hiddenSize: Int, cell: RNNCell = .tanh, layers: Int = 1,
                bidirectional: Bool = false, batchFirst: Bool = false, dropout: Double = 0) throws {
        guard inputSize > 0, hiddenSize > 0, layers > 0 else {
            throw TensorError("rnn", "input size, hidden size and layers must be positive, got \(inputSize), \(hiddenSize), \(layers)")
        }
        guard dropout >= 0, dropout <= 1 else { throw TensorError("rnn", "dropout must be in [0, 1], got \(dropout)") }
        // Bounds every parameter's size (and so all size arithmetic below) by the allocation
        // cap before anything is allocated: L·D·G·H·(I_k + H + 2) ≤ L·2·G·H·4·max(I, H).
        _ = try Limits.checkedCount([layers, 2, cell.gates, hiddenSize, 4, Swift.max(inputSize, hiddenSize)], op: "rnn")
        self.cell = cell
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        numLayers = layers
        self.bidirectional = bidirectional
        self.batchFirst = batchFirst
        self.dropout = dropout
        let rows = cell.gates * hiddenSize
        let bound = fanInBound(hiddenSize)
        for layer in 0..<layers {
            let inputs = layer == 0 ? inputSize : hiddenSize * directions
            for direction in 0..<directions {
                let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                parameterTable.register("weight_ih" + suffix, try uniformParameter([rows, inputs], bound: bound))
                parameterTable.register("weight_hh" + suffix, try uniformParameter([rows, hiddenSize], bound: bound))
                parameterTable.register("bias_ih" + suffix, try uniformParameter([rows], bound: bound))
                parameterTable.register("bias_hh" + suffix, try uniformParameter([rows], bound: bound))
            }
        }
    }

    /// `cell` by name: "tanh", "relu", "gru" or "lstm".
    public convenience init(_ inputSize: Int, _ hiddenSize: Int, cell name: String, layers: Int = 1,
                            bidirectional: Bool = false, batchFirst: Bool = false, dropout: Double = 0) throws {
        guard let cell = RNNCell(rawValue: name) else {
            let known = RNNCell.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw TensorError("rnn", "unknown cell \"\(name)\" (expected one of \(known))")
        }
        try self.init(inputSize, hiddenSize, cell: cell, layers: layers, bidirectional: bidirectional,
                      batchFirst: batchFirst, dropout: dropout)
    }

    /// The four parameters of one layer and direction: (W_ih, W_hh, b_ih, b_hh).
    func weights(layer: Int, direction: Int) -> (Tensor, Tensor, Tensor, Tensor) {
        let base = (layer * directions + direction) * 4
        return (parameterTable[base], parameterTable[base + 1], parameterTable[base + 2], parameterTable[base + 3])
    }
}
