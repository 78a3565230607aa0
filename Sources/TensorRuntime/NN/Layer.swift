/// A module with named trainable parameters, as a PyTorch `nn.Module` seen through its
/// `state_dict`: names, order and shapes are PyTorch's, so that weights move between the two
/// unchanged.
public protocol Layer: AnyObject {
    /// The PyTorch-style type name shown to users (`Linear`, `GRU`, `MultiheadAttention`).
    var typeName: String { get }
    /// Parameters in PyTorch's registration order, with `state_dict` names (sub-layers dotted:
    /// `out_proj.weight`). The tensors are the live parameters, not copies.
    var namedParameters: [(String, Tensor)] { get }
    /// Replaces parameter `name` with `value` after checking its shape; `value` becomes a
    /// trainable leaf (`requiresGrad = true`).
    func setParameter(_ name: String, _ value: Tensor) throws
    /// Training mode (dropout active) versus evaluation mode.
    var training: Bool { get set }
}

extension Layer {
    /// The live parameter tensors in registration order (what an optimizer takes).
    public var parameters: [Tensor] { namedParameters.map { $0.1 } }

    /// The parameter called `name`, or nil.
    public func parameter(_ name: String) -> Tensor? {
        namedParameters.first { $0.0 == name }?.1
    }
}

/// Turns `value` into the tensor that will be stored as parameter `name` of `layer`, or throws
/// naming the layer, the parameter and both shapes.
///
/// A contiguous leaf is kept as is (so the caller's tensor *is* the parameter and sees every
/// optimizer step, as with `nn.Parameter(t)`); a computed tensor is detached, and a strided or
/// expanded view is copied, because optimizers update parameters in place over contiguous
/// buffers and an expanded view would alias its own elements.
func validatedParameter(layer: String, name: String, current: Tensor, value: Tensor) throws -> Tensor {
    guard value.shape == current.shape else {
        throw TensorError("set_parameter", "\(layer).\(name) has shape \(shapeString(current.shape)), "
            + "cannot assign a tensor of shape \(shapeString(value.shape))")
    }
    let parameter: Tensor
    if !value.isContiguous {
        parameter = try value.clonedContiguous(op: "set_parameter")
    } else if value.gradFn != nil {
        parameter = Tensor(storage: value.storage, shape: value.shape, strides: value.strides, offset: value.offset)
    } else {
        parameter = value
    }
    parameter.requiresGrad = true
    return parameter
}

/// Error for `setParameter` with a name the layer does not have; lists the valid names.
func unknownParameter(layer: Layer, name: String) -> TensorError {
    let names = layer.namedParameters.map { $0.0 }
    let known = names.isEmpty ? "it has no parameters" : "its parameters are " + names.joined(separator: ", ")
    return TensorError("set_parameter", "\(layer.typeName) has no parameter \"\(name)\" (\(known))")
}

/// A fresh trainable leaf filled from the generator with uniform(-bound, bound), as
/// `init.uniform_(p, -bound, bound)`. `bound` is computed in double precision and rounded
/// once, as PyTorch passes Python floats down to the float32 kernel.
func uniformParameter(_ shape: [Int], bound: Double) throws -> Tensor {
    let b = Float(bound)
    let t = try uniformTensor(shape, from: -b, to: b)
    t.requiresGrad = true
    return t
}

/// PyTorch's fan-in / fan-out of a weight of `shape` (`init._calculate_fan_in_and_fan_out`):
/// dimension 1 and 0, times the receptive field for higher ranks.
func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
    guard shape.count >= 2 else { return (shape.first ?? 0, shape.first ?? 0) }
    let receptive = shape.dropFirst(2).reduce(1, *)
    return (shape[1] * receptive, shape[0] * receptive)
}

/// The bound PyTorch's `kaiming_uniform_(w, a=sqrt(5))` uses (nn.Linear's weight init),
/// evaluated with the same floating-point steps so the rounded float matches: it is
/// 1/sqrt(fan_in) mathematically, but not always to the last bit.
func linearWeightBound(fanIn: Int) -> Double {
    guard fanIn > 0 else { return 0 }
    let a = 5.0.squareRoot()
    let gain = (2.0 / (1 + a * a)).squareRoot()
    let std = gain / Double(fanIn).squareRoot()
    return 3.0.squareRoot() * std
}

/// The bound of `xavier_uniform_` with gain 1: sqrt(3) * sqrt(2 / (fan_in + fan_out)).
func xavierUniformBound(fanIn: Int, fanOut: Int) -> Double {
    guard fanIn + fanOut > 0 else { return 0 }
    let std = (2.0 / Double(fanIn + fanOut)).squareRoot()
    return 3.0.squareRoot() * std
}

/// 1/sqrt(fan_in), the bound of nn.Linear's bias and of RNN and attention parameters.
func inverseSqrtBound(_ fanIn: Int) -> Double {
    fanIn > 0 ? 1 / Double(fanIn).squareRoot() : 0
}
