import TensorRuntime

/// `//`, `%`, `&`, `|` and `~` on tensors. They need the runtime's floor-divide, remainder and
/// bitwise kernels, which arrive with the int64/bool dtypes (LANGUAGE.md 9.3); until then
/// they are errors that say so.
func tensorIntegerArithmetic(_ op: BinaryOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    throw LangError("\(op.rawValue) is not defined for tensors, only for numbers")
}

func tensorInvert(_ t: Tensor) throws -> Tensor {
    throw LangError("~ is not defined for tensors, only for whole numbers")
}
