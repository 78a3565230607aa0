/// `nn.Dropout`: zeroes elements with probability `p` and scales the rest by 1/(1-p) while
/// training; the identity in evaluation mode.
public final class Dropout: Layer {
    public let p: Double
    public var training = true
    public var typeName: String { "Dropout" }
    public let parameterTable = ParameterTable()

    /// `p`: the probability of zeroing each element, in [0, 1].
    public init(_ p: Double = 0.5) throws {
        guard p >= 0, p <= 1 else { throw TensorError("dropout", "probability must be in [0, 1], got \(p)") }
        self.p = p
    }


    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try dropout(x, p: p, training: training)
    }
}
