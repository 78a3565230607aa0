import TensorRuntime

// The evaluator's only contact with tensor ops. PLACEHOLDER until the ops branch is merged:
// these throw instead of computing; the merge replaces the bodies with runtime calls.

/// One side of a tensor operator: a tensor, or a number broadcast as a scalar.
enum TensorOperand {
    case tensor(Tensor)
    case scalar(Float)
}

// Free functions so that builtins (len, enumerate, list) can walk tensors as the evaluator does.

func tensorArithmetic(_ op: BinaryOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    throw LangError("tensor \(op.rawValue): tensor ops are not merged yet")
}

func tensorCompare(_ op: CompareOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    throw LangError("tensor \(op.rawValue): tensor ops are not merged yet")
}

func tensorNegate(_ t: Tensor) throws -> Tensor {
    throw LangError("tensor -: tensor ops are not merged yet")
}

func tensorIndex(_ t: Tensor, _ keys: [IndexKey]) throws -> Tensor {
    throw LangError("tensor indexing: tensor ops are not merged yet")
}

func tensorAssign(_ t: Tensor, _ keys: [IndexKey], _ value: Value) throws {
    throw LangError("tensor assignment: tensor ops are not merged yet")
}

/// `t[i]` for iteration and unpacking (`for row in t`, `a, b = t`).
func tensorRow(_ t: Tensor, _ i: Int) throws -> Tensor {
    throw LangError("tensor iteration: tensor ops are not merged yet")
}
