import TensorRuntime

// FIRST CUT, owned by the language work: `repr` is how a value shows as a statement's result
// and inside containers; `str` is how `print` shows it.
extension Value {
    public var repr: String {
        switch self {
        case .none: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return x == x.rounded() && abs(x) < 1e16 ? String(Int(x)) : String(x)
        case .string(let s): return "\"" + s + "\""
        case .list(let l): return "[" + l.items.map(\.repr).joined(separator: ", ") + "]"
        case .tuple(let t): return t.count == 1 ? "(\(t[0].repr),)" : "(" + t.map(\.repr).joined(separator: ", ") + ")"
        case .dict(let d): return "{" + d.pairs.map { "\"\($0.0)\": \($0.1.repr)" }.joined(separator: ", ") + "}"
        case .tensor(let t): return "tensor(shape=\(shapeString(t.shape)))"
        case .layer(let l): return "<layer \(l.kind)>"
        case .function: return "<function>"
        case .optimizer(let o): return "<optimizer \(o.kind)>"
        }
    }

    public var str: String {
        if case .string(let s) = self { return s }
        return repr
    }
}
