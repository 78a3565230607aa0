import TensorRuntime

// The evaluator's only contact with tensor ops: operators, comparisons, indexing. Free
// functions so that builtins (len, enumerate, list) walk tensors exactly as `for` does.

/// One side of a tensor operator: a tensor, or a number (a whole number counts as an integer
/// for type promotion: `arange(4) * 2` stays int64).
enum TensorOperand {
    case tensor(Tensor)
    case scalar(Double)
}

/// Every binary operator with a tensor on at least one side: `+ - * / // % ** @ & |`.
func tensorArithmetic(_ op: BinaryOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    guard let arithmeticOp = runtimeOp(op) else {
        if op == .matmul {
            guard case .tensor(let x) = a, case .tensor(let y) = b else {
                throw LangError("@ needs two tensors, got \(operandKind(a)) and \(operandKind(b))")
            }
            return try matmul(x, y)
        }
        let symbol = op.rawValue
        guard symbol == "&" || symbol == "|" else { throw LangError("\(symbol) is not defined for tensors") }
        let (x, y) = (try operandTensor(a), try operandTensor(b))
        return try symbol == "&" ? bitwiseAnd(x, y) : bitwiseOr(x, y)
    }
    switch (a, b) {
    case (.tensor(let x), .tensor(let y)): return try arithmetic(arithmeticOp, x, y)
    case (.tensor(let x), .scalar(let s)): return try arithmetic(arithmeticOp, x, number: s)
    case (.scalar(let s), .tensor(let x)): return try arithmetic(arithmeticOp, x, number: s, numberFirst: true)
    case (.scalar(let p), .scalar(let q)):
        guard let r = numberArithmetic(op, p, q) else { throw LangError("\(op.rawValue) needs a tensor") }
        return Tensor.scalar(Float(r))
    }
}

/// The runtime op of an arithmetic operator; nil for `@ & |`. (Operators added by the syntax
/// work reach the runtime by their symbol, `//` for instance.)
@inline(__always)
private func runtimeOp(_ op: BinaryOp) -> ArithmeticOp? {
    switch op {
    case .add: return .add
    case .subtract: return .sub
    case .multiply: return .mul
    case .divide: return .div
    case .remainder: return .remainder
    case .power: return .pow
    case .matmul: return nil
    default: return ArithmeticOp(symbol: op.rawValue)
    }
}

/// A number operand as a 0-D tensor of the dtype it counts as (whole: int64; true/false: bool).
private func operandTensor(_ o: TensorOperand) throws -> Tensor {
    switch o {
    case .tensor(let t): return t
    case .scalar(let s):
        guard s.isFinite, s == s.rounded() else { throw LangError("& and | need bool or int64 tensors, or whole numbers, got \(formatNumber(s))") }
        return try Tensor.int64(shape: [], data: [Int64(s)])
    }
}

private func operandKind(_ o: TensorOperand) -> String {
    if case .tensor = o { return "tensor" }
    return "number"
}

/// Comparisons with a tensor on at least one side give bool tensors.
func tensorCompare(_ op: CompareOp, _ a: TensorOperand, _ b: TensorOperand) throws -> Tensor {
    // A number on the left flips the comparison: `0 < x` is `x > 0`.
    let comparison: ComparisonOp
    switch op {
    case .equal: comparison = .eq
    case .notEqual: comparison = .ne
    case .less: comparison = .lt
    case .lessEqual: comparison = .le
    case .greater: comparison = .gt
    case .greaterEqual: comparison = .ge
    default: throw LangError("'\(op.rawValue)' is not defined for tensors")
    }
    switch (a, b) {
    case (.tensor(let x), .tensor(let y)): return try compare(comparison, x, y)
    case (.tensor(let x), .scalar(let s)): return try compare(comparison, x, number: s)
    case (.scalar(let s), .tensor(let x)):
        return try compare(comparison.flipped, x, number: s)
    case (.scalar(let p), .scalar(let q)):
        return try compare(comparison, Tensor.scalar(Float(p)), number: q)
    }
}

/// `-x`: int64 stays int64; a bool tensor cannot be negated (PyTorch: use `~`).
func tensorNegate(_ t: Tensor) throws -> Tensor {
    switch t.dtype {
    case .float32: return try neg(t)
    case .int64: return try arithmetic(.sub, t, number: 0, numberFirst: true)
    case .bool: throw LangError("negation, the - operator, on a bool tensor is not supported; use ~ instead")
    }
}

/// `[i, a:b:c, ..., none]` as runtime index items; nil when an item is a tensor or a list
/// (advanced indexing, see `advancedIndexItems`).
func tensorIndexItems(_ keys: [IndexKey]) throws -> [TensorIndex]? {
    var items: [TensorIndex] = []
    items.reserveCapacity(keys.count)
    for key in keys {
        switch key {
        case .ellipsis: items.append(.ellipsis)
        case .value(let v, _):
            switch v {
            case .none: items.append(.newAxis)
            case .tensor, .list: return nil
            default: items.append(.at(try v.toInt(what: "index")))
            }
        case .slice(let a, let b, let c):
            func bound(_ v: Value?) throws -> Int? {
                guard let v, !v.isNone else { return nil }
                return try v.toInt(what: "slice bound")
            }
            let step = try bound(c)
            if let step, step <= 0 { throw LangError("tensor slices need a positive step, got \(step)") }
            items.append(.slice(start: try bound(a), end: try bound(b), step: step))
        }
    }
    return items
}

/// Index items where some are tensors (index tensors or bool masks) or lists of numbers/bools.
func advancedIndexItems(_ keys: [IndexKey]) throws -> [AdvancedIndex] {
    try keys.map { key in
        if case .value(let v, _) = key {
            switch v {
            case .tensor(let t): return .tensor(t)
            case .list(let l): return .tensor(try indexTensor(fromList: l.items))
            default: break
            }
        }
        guard let basic = try tensorIndexItems([key])?.first else { throw LangError("internal: index item") }
        return .basic(basic)
    }
}

/// `x[[0, 2]]` and `x[[true, false]]`: a list index as an int64 or bool tensor.
private func indexTensor(fromList items: [Value]) throws -> Tensor {
    if !items.isEmpty, items.allSatisfy({ if case .bool = $0 { return true }; return false }) {
        return try Tensor.bools(shape: [items.count], data: items.map { if case .bool(let b) = $0 { return b }; return false })
    }
    return try Tensor.int64(shape: [items.count], data: items.map { Int64(try $0.toInt(what: "index")) })
}

func tensorIndex(_ t: Tensor, _ keys: [IndexKey]) throws -> Tensor {
    if let items = try tensorIndexItems(keys) { return try t.index(items) }
    return try t.index(advanced: try advancedIndexItems(keys))
}

func tensorAssign(_ t: Tensor, _ keys: [IndexKey], _ value: Value) throws {
    let v: Tensor
    switch value {
    case .tensor(let x): v = x
    case .number(let x): v = t.dtype == .float32 ? Tensor.scalar(Float(x)) : try numberTensor(x, for: t)
    case .bool(let b): v = Tensor.scalar(b ? 1 : 0)
    default: throw LangError("a tensor element can be set to a tensor or a number, got \(value.kindDescription)")
    }
    if let items = try tensorIndexItems(keys) { try t.assign(items, v) }
    else { try t.assign(advanced: try advancedIndexItems(keys), v) }
}

/// A number as a 0-D tensor for writing into `t`: exact for an int64 target.
private func numberTensor(_ x: Double, for t: Tensor) throws -> Tensor {
    if t.dtype == .int64 && x.isFinite && Swift.abs(x) < 9.2e18 { return try Tensor.int64(shape: [], data: [Int64(x)]) }
    return Tensor.scalar(Float(x))
}

/// `t[i]` for iteration and unpacking (`for row in t`, `a, b = t`).
func tensorRow(_ t: Tensor, _ i: Int) throws -> Tensor {
    try t.index([.at(i)])
}
