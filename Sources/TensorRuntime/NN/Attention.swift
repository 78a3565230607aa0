/// Score functions of `Attention` (LANGUAGE.md section 5).
public enum AttentionMethod: String, CaseIterable {
    /// q·k
    case dot
    /// q·(W k), `W [H, H]`
    case general
    /// Luong's concat: v·tanh(W [q; k]), `W [H, 2H]`, `v [H]`
    case concat
    /// Bahdanau's additive: v·tanh(W_q q + W_k k), `W_q [H, H]`, `W_k [H, H]`, `v [H]`
    case additive
    /// q·k / sqrt(H)
    case scaledDot = "scaled_dot"
}

/// Attention weights of a query over keys, with the score functions of the Luong and Bahdanau
/// tutorials. Query `[B, T, H]` (or `[B, H]`, read as T = 1), keys `[B, S, H]`; the weights are
/// `[B, T, S]`.
///
/// Parameters are registered as `W`, then `v` (concat), or `W_q`, `W_k`, `v` (additive), each
/// initialised uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) from the generator in that order, where
/// fan_in is the number of inputs it multiplies: H for `W [H, H]`, `W_q`, `W_k` and `v`, 2H for
/// concat's `W [H, 2H]` (the bound nn.Linear would give each).
public final class Attention: Layer {
    public let method: AttentionMethod
    public let hidden: Int?
    public var training = true
    public var typeName: String { "Attention" }
    public let parameterTable = ParameterTable()

    /// `hidden` (H) is required by the methods with parameters (general, concat, additive) and
    /// checked against the inputs; dot and scaled_dot take any H.
    public init(method: AttentionMethod, hidden: Int? = nil) throws {
        self.method = method
        self.hidden = hidden
        switch method {
        case .dot, .scaledDot:
            break
        case .general, .concat, .additive:
            guard let h = hidden else {
                throw TensorError("attention", "method \"\(method.rawValue)\" has parameters and needs hidden: H")
            }
            guard h > 0 else { throw TensorError("attention", "hidden must be positive, got \(h)") }
            _ = try Limits.checkedCount([h, 2, h], op: "attention")  // concat's W [H, 2H] is the largest
            let bound = fanInBound(h)
            switch method {
            case .general:
                parameterTable.register("W", try uniformParameter([h, h], bound: bound))
            case .concat:
                parameterTable.register("W", try uniformParameter([h, 2 * h], bound: fanInBound(2 * h)))
                parameterTable.register("v", try uniformParameter([h], bound: bound))
            default:
                parameterTable.register("W_q", try uniformParameter([h, h], bound: bound))
                parameterTable.register("W_k", try uniformParameter([h, h], bound: bound))
                parameterTable.register("v", try uniformParameter([h], bound: bound))
            }
        }
    }

    /// `method` by name: "dot", "general", "concat", "additive" or "scaled_dot".
    public convenience init(method name: String, hidden: Int? = nil) throws {
        guard let method = AttentionMethod(rawValue: name) else {
            let known = AttentionMethod.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw TensorError("attention", "unknown method \"\(name)\" (expected one of \(known))")
        }
        try self.init(method: method, hidden: hidden)
    }

    private func param(_ i: Int) -> Tensor { parameterTable[i] }

    /// Softmaxed weights `[B, T, S]`. `mask` (1 = attend) broadcasts: `[B, S]` padding masks,
    /// `[T, S]` causal masks, `[B, T, S]`; masked positions get weight 0, a row with nothing to
    /// attend to gets all zeros.
    public func callAsFunction(_ query: Tensor, _ keys: Tensor, mask: Tensor? = nil) throws -> Tensor {
        try attentionWeights(score(query, keys), mask: mask, op: "attention")
    }

    /// Raw scores `[B, T, S]` before the softmax.
    public func score(_ query: Tensor, _ keys: Tensor) throws -> Tensor {
        let q = try checkedQuery(query, keys)
        switch method {
        case .dot:
            return try matmul(q, keys.transpose(1, 2))
        case .scaledDot:
            let scale = Float(1 / Double(q.shape[2]).squareRoot())
            return try matmul(q, keys.transpose(1, 2)) * scale
        case .general:
            // q·(W k) = (q W)·k: projecting the T queries is cheaper than the S keys when T < S.
            return try matmul(matmul(q, param(0)), keys.transpose(1, 2))
        case .concat:
            // W [q; k] = W[:, :H] q + W[:, H:] k, so each side is projected once and the
            // [B, T, S, H] pairs come from broadcasting instead of concatenating T·S vectors.
            let h = q.shape[2]
            let w = param(0)
            let wq = try w.index([.slice(start: nil, end: nil, step: nil), .slice(start: 0, end: h, step: nil)])
            let wk = try w.index([.slice(start: nil, end: nil, step: nil), .slice(start: h, end: nil, step: nil)])
            return try pairScores(linear(q, wq), linear(keys, wk), v: param(1))
        case .additive:
            return try pairScores(linear(q, param(0)), linear(keys, param(1)), v: param(2))
        }
    }

    /// v·tanh(a_t + b_s) for every pair: `[B, T, H]`, `[B, S, H]` → `[B, T, S]`.
    private func pairScores(_ a: Tensor, _ b: Tensor, v: Tensor) throws -> Tensor {
        let energy = try tanh(a.unsqueeze(2) + b.unsqueeze(1))
        return try matmul(energy, v)
    }

    /// The query as `[B, T, H]`, after checking it against the keys and the parameters.
    private func checkedQuery(_ query: Tensor, _ keys: Tensor) throws -> Tensor {
        let q = query.rank == 2 ? try query.unsqueeze(1) : query
        guard q.rank == 3, keys.rank == 3, q.shape[0] == keys.shape[0], q.shape[2] == keys.shape[2] else {
            throw TensorError("attention", "expected query [B, T, H] or [B, H] and keys [B, S, H] with the same B and H, "
                + "got query \(shapeString(query.shape)) and keys \(shapeString(keys.shape))")
        }
        if let h = hidden, !namedParameters.isEmpty, q.shape[2] != h {
            throw TensorError("attention", "\(method.rawValue) attention was built with hidden \(h) but got query "
                + "\(shapeString(query.shape)) and keys \(shapeString(keys.shape))")
        }
        return q
    }
}
