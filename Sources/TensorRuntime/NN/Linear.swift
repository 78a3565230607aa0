/// `nn.Linear`: y = x Wᵀ + b over the last dimension.
///
/// Parameters `weight [out, in]` and `bias [out]`, initialised as PyTorch does (weight by
/// `kaiming_uniform_(a=sqrt(5))`, then bias uniform(-1/sqrt(in), 1/sqrt(in)), in that order).
public final class Linear: Layer {
    public let inFeatures: Int
    public let outFeatures: Int
    public let parameterTable = ParameterTable()
    public var weight: Tensor { parameterTable[0] }
    public var bias: Tensor? { hasBias ? parameterTable[1] : nil }
    private let hasBias: Bool
    public var training = true
    public var typeName: String { "Linear" }

    /// A layer mapping `[*, inFeatures]` to `[*, outFeatures]`, initialised from the generator.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true) throws {
        guard inFeatures >= 0, outFeatures >= 0 else {
            throw TensorError("linear", "sizes must be non-negative, got in \(inFeatures), out \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        hasBias = bias
        parameterTable.register("weight", try kaimingUniformTensor([outFeatures, inFeatures]))
        if bias { parameterTable.register("bias", try uniformParameter([outFeatures], bound: fanInBound(inFeatures))) }
    }

    /// `Linear(inFeatures, outFeatures)` with PyTorch's argument names.
    public convenience init(inFeatures: Int, outFeatures: Int, bias: Bool = true) throws {
        try self.init(inFeatures, outFeatures, bias: bias)
    }

    /// `[*, in]` → `[*, out]`.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try linear(x, weight, bias)
    }
}
