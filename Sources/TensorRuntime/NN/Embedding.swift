/// `nn.Embedding`: a lookup table `weight [num, dim]` initialised N(0, 1).
public final class Embedding: Layer {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    public let parameterTable = ParameterTable()
    public var weight: Tensor { parameterTable[0] }
    public var training = true
    public var typeName: String { "Embedding" }

    /// A table of `numEmbeddings` rows of `embeddingDim`, drawn N(0, 1) from the generator.
    public init(_ numEmbeddings: Int, _ embeddingDim: Int) throws {
        guard numEmbeddings >= 0, embeddingDim >= 0 else {
            throw TensorError("embedding", "sizes must be non-negative, got \(numEmbeddings) × \(embeddingDim)")
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        parameterTable.register("weight", try normalTensor([numEmbeddings, embeddingDim]))
    }

    /// Whole-number ids of any shape `[*]` → `[*, dim]`.
    public func callAsFunction(_ ids: Tensor) throws -> Tensor {
        try embedding(weight, ids)
    }
}
