/// A module with named trainable parameters, as a PyTorch `nn.Module` seen through its
/// `state_dict`: names, order and shapes are PyTorch's, so that weights move between the two
/// unchanged.
public protocol Layer: AnyObject {
    /// The PyTorch-style type name shown to users (`Linear`, `GRU`, `MultiheadAttention`).
    var typeName: String { get }
    /// Its parameters, stated once (ParameterTable.swift); everything below is built on it.
    var parameterTable: ParameterTable { get }
    /// Training mode (dropout active) versus evaluation mode.
    var training: Bool { get set }
}

extension Layer {
    /// Parameters in PyTorch's registration order, with `state_dict` names (sub-layers dotted:
    /// `out_proj.weight`). The tensors are the live parameters, not copies.
    public var namedParameters: [(String, Tensor)] { parameterTable.named }

    /// The live parameter tensors in registration order (what an optimizer takes).
    public var parameters: [Tensor] { namedParameters.map { $0.1 } }

    /// The parameter called `name`, or nil (no list is built).
    public func parameter(_ name: String) -> Tensor? { parameterTable.tensor(named: name) }

    /// Replaces parameter `name` with `value` after checking its shape; `value` becomes a
    /// trainable leaf (`requiresGrad = true`).
    public func setParameter(_ name: String, _ value: Tensor) throws {
        try parameterTable.set(name, value, layer: typeName)
    }
}

/// Turns `value` into the tensor that will be stored as parameter `name` of `layer`, or throws
/// naming the layer, the parameter and both shapes.
///
/// A contiguous leaf is kept as is (so the caller's tensor *is* the parameter and sees every
/// optimizer step, as with `nn.Parameter(t)`); a computed tensor is detached, and a strided or
/// expanded view is copied, because optimizers update parameters in place over contiguous
/// buffers and an expanded view would alias its own elements.
func validatedParameter(layer: String, name: String, current: Tensor, value given: Tensor) throws -> Tensor {
    // Parameters are float32 (only float32 can require grad); int64/bool values are converted.
    let value = given.dtype == .float32 ? given : try given.float()
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

/// A fresh trainable leaf filled from the generator with uniform(-bound, bound), as
/// `init.uniform_(p, -bound, bound)`. `bound` is computed in double precision and rounded
/// once, as PyTorch passes Python floats down to the float32 kernel.
func uniformParameter(_ shape: [Int], bound: Double) throws -> Tensor {
    let b = Float(bound)
    let t = try uniformTensor(shape, from: -b, to: b)
    t.requiresGrad = true
    return t
}

