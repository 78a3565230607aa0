import TensorRuntime

/// `//`, `%`, `&`, `|` on tensors (int64 kept, bool logical), through the one tensor
/// operator dispatch.
func tensorIntegerArithmetic(_ op: BinaryOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    try tensorArithmetic(op, a, b)
}

/// `~m`: logical not of a bool tensor, bitwise not of an int64 one.
func tensorInvert(_ t: Tensor) throws -> Tensor { try bitwiseNot(t) }
