import TensorRuntime

// Argument conversions shared by the tensor, layer, training, file and figure libraries.
// Slots are read by position (the order of the builtin's parameter list) because the call
// path is hot: a tiny `x.exp()` must not pay for name lookups. Errors name the builtin and
// the parameter, as `softmax: dim must be a whole number, not 0.5`.

extension Arguments {
    /// The value bound to parameter `i` (`none` when the slot does not exist).
    @inline(__always)
    func arg(_ i: Int) -> Value {
        i < values.count ? values[i] : .none
    }

    func slotName(_ i: Int) -> String {
        i < builtin.parameters.count ? builtin.parameters[i].name : "argument \(i + 1)"
    }

    func failure(_ i: Int, _ expected: String, _ got: Value) -> LangError {
        LangError("\(builtin.name): \(slotName(i)) must be \(expected), not \(describeForError(got))")
    }

    /// A tensor; numbers and bools become 0-dimensional tensors and nested lists become tensors.
    func tensorArg(_ i: Int) throws -> Tensor {
        if case .tensor(let t) = arg(i) { return t }
        do {
            return try tensorFromValue(arg(i), op: builtin.name)
        } catch is LangError {
            throw failure(i, "a tensor", arg(i))
        }
    }

    /// A tensor, or nil for `none`.
    func optionalTensorArg(_ i: Int) throws -> Tensor? {
        if case .none = arg(i) { return nil }
        return try tensorArg(i)
    }

    func numberArg(_ i: Int) throws -> Double {
        switch arg(i) {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return Double(try t.item())
        default: throw failure(i, "a number", arg(i))
        }
    }

    func optionalNumberArg(_ i: Int) throws -> Double? {
        if case .none = arg(i) { return nil }
        return try numberArg(i)
    }

    func floatArg(_ i: Int) throws -> Float { Float(try numberArg(i)) }

    /// A whole number (dimension, size, count); rejects fractions, non-finite and huge values.
    func intArg(_ i: Int) throws -> Int {
        let x = try numberArg(i)
        guard let n = wholeNumber(x) else { throw failure(i, "a whole number", arg(i)) }
        return n
    }

    func optionalIntArg(_ i: Int) throws -> Int? {
        if case .none = arg(i) { return nil }
        return try intArg(i)
    }

    func boolArg(_ i: Int) throws -> Bool {
        switch arg(i) {
        case .bool(let b): return b
        case .number(let x): return x != 0
        default: throw failure(i, "true or false", arg(i))
        }
    }

    func stringArg(_ i: Int) throws -> String {
        guard case .string(let s) = arg(i) else { throw failure(i, "a string", arg(i)) }
        return s
    }

    func layerArg(_ i: Int) throws -> LayerObject {
        guard case .layer(let l) = arg(i) else { throw failure(i, "a layer", arg(i)) }
        return l
    }

    /// A list of tensors from a list or tuple (`cat([a, b], dim: 0)`).
    func tensorListArg(_ i: Int) throws -> [Tensor] {
        let items: [Value]
        switch arg(i) {
        case .list(let l): items = l.items
        case .tuple(let t): items = t
        default: throw failure(i, "a list of tensors", arg(i))
        }
        var out: [Tensor] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .tensor(let t) = item else { throw failure(i, "a list of tensors", item) }
            out.append(t)
        }
        return out
    }

    /// Whole numbers from a list, tuple or 1-D tensor (`permute(x, [2, 0, 1])`).
    func intListArg(_ i: Int) throws -> [Int] {
        guard let list = wholeNumbers(arg(i)) else { throw failure(i, "a list of whole numbers", arg(i)) }
        return list
    }

    /// A shape given either spread out (`zeros(2, 3)`, collected in `rest`) or as one list or
    /// tuple (`zeros((2, 3))`, `zeros([2, 3])`, `x.view(x.shape)`).
    func shapeArg() throws -> [Int] {
        if rest.count == 1, let list = wholeNumbers(rest[0]), !isNumber(rest[0]) { return list }
        var shape: [Int] = []
        shape.reserveCapacity(rest.count)
        for v in rest {
            guard case .number(let x) = v, let n = wholeNumber(x) else {
                throw LangError("\(builtin.name): sizes must be whole numbers or one list of them, not \(describeForError(v))")
            }
            shape.append(n)
        }
        return shape
    }
}

extension Value {
    /// `none` (named so as not to clash with the language's own helpers).
    var isNoneValue: Bool {
        if case .none = self { return true }
        return false
    }
}

@inline(__always)
func isNumber(_ v: Value) -> Bool {
    if case .number = v { return true }
    return false
}

/// `x` as an Int when it is a whole number small enough to be exact in a Double.
@inline(__always)
func wholeNumber(_ x: Double) -> Int? {
    guard x.isFinite, x == x.rounded(), Swift.abs(x) <= 9_007_199_254_740_992 else { return nil }
    return Int(x)
}

func wholeNumbers(_ v: Value) -> [Int]? {
    let items: [Value]
    switch v {
    case .list(let l): items = l.items
    case .tuple(let t): items = t
    case .tensor(let t):
        guard t.rank <= 1 else { return nil }
        var out: [Int] = []
        for x in t.toArray() {
            guard let n = wholeNumber(Double(x)) else { return nil }
            out.append(n)
        }
        return out
    case .number(let x): return wholeNumber(x).map { [$0] }
    default: return nil
    }
    var out: [Int] = []
    out.reserveCapacity(items.count)
    for item in items {
        guard case .number(let x) = item, let n = wholeNumber(x) else { return nil }
        out.append(n)
    }
    return out
}

/// Short description of a value for error messages: its kind, and the value when small.
func describeForError(_ v: Value) -> String {
    switch v {
    case .number, .bool, .none: return v.repr
    case .string(let s): return s.count <= 20 ? "the string \"\(s)\"" : "a string"
    case .tensor(let t): return "a tensor of shape \(shapeString(t.shape))"
    case .layer(let l): return "a \(l.kind) layer"
    default: return "a \(v.kind.rawValue)"
    }
}

/// Deepest nesting `tensor(...)` accepts; far beyond any real tensor, it keeps hostile
/// input from exhausting the stack.
let maxTensorNesting = 64

/// Builds a tensor from a number, bool, tensor, or nested lists/tuples of them, as `torch.tensor`.
func tensorFromValue(_ value: Value, op: String) throws -> Tensor {
    switch value {
    case .tensor(let t): return t
    case .number(let x): return Tensor.scalar(Float(x))
    case .bool(let b): return Tensor.scalar(b ? 1 : 0)
    case .list, .tuple:
        var shape: [Int] = []
        var data: [Float] = []
        var shapeKnown = false
        try flatten(value, depth: 0, shape: &shape, shapeKnown: &shapeKnown, data: &data, op: op)
        return try Tensor(shape: shape, data: data, op: op)
    default:
        throw LangError("\(op): expected a number, a tensor or a nested list of numbers, not \(describeForError(value))")
    }
}

private func flatten(_ value: Value, depth: Int, shape: inout [Int], shapeKnown: inout Bool,
                     data: inout [Float], op: String) throws {
    let items: [Value]
    switch value {
    case .list(let l): items = l.items
    case .tuple(let t): items = t
    case .number(let x):
        try leaf(depth: depth, shape: &shape, shapeKnown: &shapeKnown, op: op, trailing: [])
        data.append(Float(x))
        return
    case .bool(let b):
        try leaf(depth: depth, shape: &shape, shapeKnown: &shapeKnown, op: op, trailing: [])
        data.append(b ? 1 : 0)
        return
    case .tensor(let t):
        try leaf(depth: depth, shape: &shape, shapeKnown: &shapeKnown, op: op, trailing: t.shape)
        data.append(contentsOf: t.toArray())
        return
    default:
        throw LangError("\(op): expected numbers in the nested list, found \(describeForError(value))")
    }
    guard depth < maxTensorNesting else { throw LangError("\(op): lists nested deeper than \(maxTensorNesting)") }
    if shapeKnown {
        guard depth < shape.count, shape[depth] == items.count else {
            throw LangError("\(op): the nested lists are ragged (expected \(depth < shape.count ? String(shape[depth]) : "a number") at depth \(depth), found a list of \(items.count))")
        }
    } else if items.isEmpty {
        shape.append(0)
        shapeKnown = true
        return
    } else {
        shape.append(items.count)
    }
    for item in items {
        try flatten(item, depth: depth + 1, shape: &shape, shapeKnown: &shapeKnown, data: &data, op: op)
    }
}

/// Checks that a leaf at `depth` agrees with the shape fixed by the first leaf.
private func leaf(depth: Int, shape: inout [Int], shapeKnown: inout Bool, op: String, trailing: [Int]) throws {
    if shapeKnown {
        guard shape.count == depth + trailing.count, Array(shape[depth...]) == trailing else {
            throw LangError("\(op): the nested lists are ragged (a value of shape \(shapeString(trailing)) at depth \(depth) in a tensor of shape \(shapeString(shape)))")
        }
    } else {
        shape.append(contentsOf: trailing)
        shapeKnown = true
    }
}

/// A tuple of numbers, as `x.shape` shows a shape.
@inline(__always)
func shapeValue(_ shape: [Int]) -> Value {
    .tuple(shape.map { .number(Double($0)) })
}
