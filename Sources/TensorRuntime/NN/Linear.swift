/// `nn.Linear`: y = x Wᵀ + b over the last dimension.
///
/// Parameters `weight [out, in]` and `bias [out]`, initialised as PyTorch does (weight by
/// `kaiming_uniform_(a=sqrt(5))`, then bias uniform(-1/sqrt(in), 1/sqrt(in)), in that order).
public final class Linear: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    public private(set) var weight: Tensor
    public private(set) var bias: Tensor?
    public var training = true
    public var typeName: String { "Linear" }

    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures >= 0, outFeatures >= 0 else {
            throw TensorError("linear", "sizes must be non-negative, got in \(inFeatures), out \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = try uniformParameter([outFeatures, inFeatures], bound: linearWeightBound(fanIn: inFeatures))
        self.bias = bias ? try uniformParameter([outFeatures], bound: inverseSqrtBound(inFeatures)) : nil
    }

    public convenience init(inFeatures: Int, outFeatures: Int, bias: Bool = true) throws {
        try self.init(inFeatures, outFeatures, bias: bias)
    }

    public var namedParameters: [(String, Tensor)] {
        var result = [("weight", weight)]
        if let bias { result.append(("bias", bias)) }
        return result
    }

    public func setParameter(_ name: String, _ value: Tensor) throws {
        switch name {
        case "weight": weight = try validatedParameter(layer: typeName, name: name, current: weight, value: value)
        case "bias" where bias != nil:
            bias = try validatedParameter(layer: typeName, name: name, current: bias!, value: value)
        default: throw unknownParameter(layer: self, name: name)
        }
    }

    /// `[*, in]` → `[*, out]`.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try linear(x, weight, bias)
    }
}

/// `nn.Embedding`: a lookup table `weight [num, dim]` initialised N(0, 1).
public final class Embedding: Layer {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    public private(set) var weight: Tensor
    public var training = true
    public var typeName: String { "Embedding" }

    public init(_ numEmbeddings: Int, _ embeddingDim: Int) throws {
        guard numEmbeddings >= 0, embeddingDim >= 0 else {
            throw TensorError("embedding", "sizes must be non-negative, got \(numEmbeddings) × \(embeddingDim)")
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        weight = try normalTensor([numEmbeddings, embeddingDim], mean: 0, std: 1)
        weight.requiresGrad = true
    }

    public var namedParameters: [(String, Tensor)] { [("weight", weight)] }

    public func setParameter(_ name: String, _ value: Tensor) throws {
        guard name == "weight" else { throw unknownParameter(layer: self, name: name) }
        weight = try validatedParameter(layer: typeName, name: name, current: weight, value: value)
    }

    /// Whole-number ids of any shape `[*]` → `[*, dim]`.
    public func callAsFunction(_ ids: Tensor) throws -> Tensor {
        try embedding(weight, ids)
    }
}

/// `nn.Dropout`: zeroes elements with probability `p` and scales the rest by 1/(1-p) while
/// training; the identity in evaluation mode.
public final class Dropout: Layer {
    public let p: Double
    public var training = true
    public var typeName: String { "Dropout" }
    public var namedParameters: [(String, Tensor)] { [] }

    public init(_ p: Double = 0.5) throws {
        guard p >= 0, p <= 1 else { throw TensorError("dropout", "probability must be in [0, 1], got \(p)") }
        self.p = p
    }

    public func setParameter(_ name: String, _ value: Tensor) throws {
        throw unknownParameter(layer: self, name: name)
    }

    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try dropout(x, p: p, training: training)
    }
}
