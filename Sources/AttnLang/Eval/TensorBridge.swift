import TensorRuntime

// The evaluator's only contact with tensor ops: operators, comparisons, indexing. Free
// functions so that builtins (len, enumerate, list) walk tensors exactly as `for` does.

/// One side of a tensor operator: a tensor, or a number broadcast as a scalar.
enum TensorOperand {
    case tensor(Tensor)
    case scalar(Float)
}

func tensorArithmetic(_ op: BinaryOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    switch (a, b) {
    case (.tensor(let x), .tensor(let y)):
        switch op {
        case .add: return try add(x, y)
        case .subtract: return try sub(x, y)
        case .multiply: return try mul(x, y)
        case .divide: return try div(x, y)
        case .power: return try pow(x, y)
        case .matmul: return try matmul(x, y)
        case .remainder, .floorDivide, .bitAnd, .bitOr: return try tensorIntegerArithmetic(op, a, b)
        }
    case (.tensor(let x), .scalar(let s)):
        switch op {
        case .add: return try add(x, s)
        case .subtract: return try sub(x, s)
        case .multiply: return try mul(x, s)
        case .divide: return try div(x, s)
        case .power: return try pow(x, s)
        case .matmul: throw LangError("@ needs two tensors, got tensor and number")
        case .remainder, .floorDivide, .bitAnd, .bitOr: return try tensorIntegerArithmetic(op, a, b)
        }
    case (.scalar(let s), .tensor(let x)):
        switch op {
        case .add: return try add(x, s)
        case .subtract: return try sub(s, x)
        case .multiply: return try mul(x, s)
        case .divide: return try div(s, x)
        case .power: return try pow(s, x)
        case .matmul: throw LangError("@ needs two tensors, got number and tensor")
        case .remainder, .floorDivide, .bitAnd, .bitOr: return try tensorIntegerArithmetic(op, a, b)
        }
    case (.scalar(let p), .scalar(let q)):
        guard let r = numberArithmetic(op, Double(p), Double(q)) else { throw LangError("@ needs two tensors") }
        return Tensor.scalar(Float(r))
    }
}

func tensorCompare(_ op: CompareOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    // A number on the left flips the comparison: `0 < x` is `x > 0`.
    var op = op
    let x: Tensor, other: TensorOperand
    switch (a, b) {
    case (.tensor(let t), _):
        x = t
        other = b
    case (.scalar(let s), .tensor(let t)):
        x = t
        other = .scalar(s)
        switch op {
        case .less: op = .greater
        case .lessEqual: op = .greaterEqual
        case .greater: op = .less
        case .greaterEqual: op = .lessEqual
        default: break
        }
    case (.scalar(let p), .scalar(let q)):
        x = Tensor.scalar(p)
        other = .scalar(q)
    }
    switch other {
    case .tensor(let y):
        switch op {
        case .equal: return try eq(x, y)
        case .notEqual: return try ne(x, y)
        case .less: return try lt(x, y)
        case .lessEqual: return try le(x, y)
        case .greater: return try gt(x, y)
        case .greaterEqual: return try ge(x, y)
        case .isIn, .notIn: break
        }
    case .scalar(let s):
        switch op {
        case .equal: return try eq(x, s)
        case .notEqual: return try ne(x, s)
        case .less: return try lt(x, s)
        case .lessEqual: return try le(x, s)
        case .greater: return try gt(x, s)
        case .greaterEqual: return try ge(x, s)
        case .isIn, .notIn: break
        }
    }
    throw LangError("'in' is not defined for tensors")
}

func tensorNegate(_ t: Tensor) throws -> Tensor { try neg(t) }

/// `[i, a:b:c, ..., none]` as runtime index items. A tensor of indices (`x[ids]`) selects
/// rows with `indexSelect`; that case is handled by the caller.
func tensorIndexItems(_ keys: [IndexKey]) throws -> [TensorIndex] {
    try keys.map { key in
        switch key {
        case .ellipsis: return .ellipsis
        case .value(let v, _):
            if v.isNone { return .newAxis }
            if case .tensor = v { throw LangError("a tensor of indices can only be used alone (x[ids]), not among other indices") }
            return .at(try v.toInt(what: "index"))
        case .slice(let a, let b, let c):
            func bound(_ v: Value?) throws -> Int? {
                guard let v, !v.isNone else { return nil }
                return try v.toInt(what: "slice bound")
            }
            let step = try bound(c)
            if let step, step <= 0 { throw LangError("tensor slices need a positive step, got \(step)") }
            return .slice(start: try bound(a), end: try bound(b), step: step)
        }
    }
}

func tensorIndex(_ t: Tensor, _ keys: [IndexKey]) throws -> Tensor {
    if keys.count == 1, case .value(.tensor(let ids), _) = keys[0] {
        guard ids.rank <= 1 else {
            throw LangError("x[ids] takes a 0-d or 1-d tensor of indices, got shape \(shapeString(ids.shape))")
        }
        return try indexSelect(t, dim: 0, index: ids)
    }
    return try t.index(try tensorIndexItems(keys))
}

func tensorAssign(_ t: Tensor, _ keys: [IndexKey], _ value: Value) throws {
    let items = try tensorIndexItems(keys)
    switch value {
    case .tensor(let v): try t.assign(items, v)
    case .number(let x): try t.assign(items, Float(x))
    case .bool(let b): try t.assign(items, b ? 1 : 0)
    default: throw LangError("a tensor element can be set to a tensor or a number, got \(value.kindDescription)")
    }
}

/// `t[i]` for iteration and unpacking (`for row in t`, `a, b = t`).
func tensorRow(_ t: Tensor, _ i: Int) throws -> Tensor {
    try t.index([.at(i)])
}
