#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// PyTorch's `torch.nn.init` fills, with the bounds computed in double exactly as the Python
// code computes them, so that layers built after `seed(s)` hold the same weights as
// `torch.manual_seed(s); nn.Linear(...)`.

/// `(fan_in, fan_out)` of a weight of shape `[out, in, k...]`, as
/// `torch.nn.init._calculate_fan_in_and_fan_out`: fan_in = in·∏k, fan_out = out·∏k.
public func fanInAndOut(_ shape: [Int], op: String = "init") throws -> (fanIn: Int, fanOut: Int) {
    guard shape.count >= 2 else {
        throw TensorError(op, "fan in and fan out need a tensor of at least 2 dimensions, got shape \(shapeString(shape))")
    }
    let receptive = shape.dropFirst(2).reduce(1, &*)
    return (shape[1] &* receptive, shape[0] &* receptive)
}

/// The bound `1 / √fan_in` (0 when fan_in is 0) PyTorch uses for Linear biases and, with
/// fan_in = hidden size, for every RNN/GRU/LSTM parameter.
public func fanInBound(_ fanIn: Int) -> Double {
    fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
}

/// A weight filled as `init.kaiming_uniform_(w, a: a)` with mode fan_in and the leaky-ReLU gain
/// (PyTorch's default for `nn.Linear.weight`, with a = √5): uniform in ±√3 · gain / √fan_in.
public func kaimingUniformTensor(_ shape: [Int], a: Double = 5.0.squareRoot()) throws -> Tensor {
    let fanIn = try fanInAndOut(shape, op: "kaiming_uniform").fanIn
    guard fanIn > 0 else { return try Tensor.uninitialized(shape, op: "kaiming_uniform") }
    let gain = (2.0 / (1 + a * a)).squareRoot()
    let std = gain / Double(fanIn).squareRoot()
    let bound = 3.0.squareRoot() * std
    return try uniformTensor(shape, from: Float(-bound), to: Float(bound))
}

/// A weight filled as `init.xavier_uniform_(w, gain)`: uniform in ±gain · √(6 / (fan_in + fan_out)).
public func xavierUniformTensor(_ shape: [Int], gain: Double = 1) throws -> Tensor {
    let (fanIn, fanOut) = try fanInAndOut(shape, op: "xavier_uniform")
    guard fanIn + fanOut > 0 else { return try Tensor.uninitialized(shape, op: "xavier_uniform") }
    let std = gain * (2.0 / Double(fanIn + fanOut)).squareRoot()
    let bound = 3.0.squareRoot() * std
    return try uniformTensor(shape, from: Float(-bound), to: Float(bound))
}
