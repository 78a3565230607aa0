/// `nn.Embedding`: a lookup table `weight [num, dim]` initialised N(0, 1).
public final class Embedding: Layer {
    public let numEmbeddings: Int
    public let embeddingDim: Int
    public private(set) var weight: Tensor
    public var training = true
    public var typeName: String { "Embedding" }

    /// A table of `numEmbeddings` rows of `embeddingDim`, drawn N(0, 1) from the generator.
    public init(_ numEmbeddings: Int, _ embeddingDim: Int) throws {
        guard numEmbeddings >= 0, embeddingDim >= 0 else {
            throw TensorError("embedding", "sizes must be non-negative, got \(numEmbeddings) × \(embeddingDim)")
        }
        self.numEmbeddings = numEmbeddings
        self.embeddingDim = embeddingDim
        weight = trainable(try normalTensor([numEmbeddings, embeddingDim]))
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
