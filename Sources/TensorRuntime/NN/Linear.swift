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

    /// A layer mapping `[*, inFeatures]` to `[*, outFeatures]`, initialised from the generator.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures >= 0, outFeatures >= 0 else {
            throw TensorError("linear", "sizes must be non-negative, got in \(inFeatures), out \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = trainable(try kaimingUniformTensor([outFeatures, inFeatures]))
        self.bias = bias ? try uniformParameter([outFeatures], bound: fanInBound(inFeatures)) : nil
    }

    /// `Linear(inFeatures, outFeatures)` with PyTorch's argument names.
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
