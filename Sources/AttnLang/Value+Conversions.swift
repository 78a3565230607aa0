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

    /// A whole number (indices, sizes, counts) up to `maxWholeNumber`; `what` names it in
    /// errors, which are worded as argument errors are (`index must be a whole number, not 0.5`).
    public func toInt(what: String) throws -> Int {
        // Only a 0-d tensor stands for a number here: a [1] tensor as an index selects, as in torch.
        if case .tensor(let t) = self, t.rank != 0 {
            throw LangError("\(what) must be a whole number, not \(describeForError(self))")
        }
        if let n = try wholeNumberValue() { return n }
        throw LangError("\(what) must be \(isBeyondWholeNumbers ? "a whole number of magnitude at most 2^53" : "a whole number"), not \(describeForError(self))")
    }
}
