import TensorRuntime

extension Value {
    /// How messages name a value's type: `number`, `tensor [2, 3]` is too long for "got ...", so just the kind.
    public var kindDescription: String {
        switch self {
        case .function(.builtin(let b)): return "builtin \(b.name)"
        case .layer(let l): return "layer \(l.kind)"
        default: return kind.rawValue
        }
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// A whole number that fits an `Int` (indices, sizes, counts); `what` names it in errors.
    /// Non-finite, fractional and huge numbers are errors, never traps.
    public func toInt(what: String) throws -> Int {
        switch self {
        case .number(let x):
            guard x.isFinite else { throw LangError("\(what) must be a whole number, got \(Value.number(x).repr)") }
            guard x == x.rounded() else { throw LangError("\(what) must be a whole number, got \(Value.number(x).repr)") }
            guard abs(x) <= 9.0e15 else { throw LangError("\(what) is too large: \(Value.number(x).repr)") }
            return Int(x)
        case .bool(let b):
            return b ? 1 : 0
        case .tensor(let t) where t.count == 1 && t.rank == 0:
            return try Value.number(Double(try t.item())).toInt(what: what)
        default:
            throw LangError("\(what) must be a number, got \(kindDescription)")
        }
    }
}
