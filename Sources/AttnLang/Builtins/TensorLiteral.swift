import TensorRuntime

// Tensors from the language's literals: numbers, bools and nested lists, as torch.tensor.

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
