import TensorRuntime

/// Tensor dtypes (LANGUAGE.md 9.3): `x.long()`, `x.bool()`, `x.float()` and the `dtype:`
/// argument of the creators. `float` and `bool` also convert numbers, as Python's do.
enum TensorDTypeLibrary {
    static let library = Library(name: "DTypes", builtins: builtins)

    /// The dtype a `dtype:` argument names: a string ("float32", "int64", "long", "bool",
    /// "float") or the conversion builtins themselves (`dtype: long`, as `torch.long`).
    static func dtype(_ v: Value, _ who: String) throws -> TensorDType? {
        switch v {
        case .none: return nil
        case .string(let name):
            if let d = TensorDType(name: name) { return d }
        case .function(.builtin(let b)):
            if let d = TensorDType(name: b.name) { return d }
        default: break
        }
        throw LangError("\(who): dtype must be \"float32\", \"int64\" or \"bool\", not \(describeForError(v))")
    }

    /// Whether a nested list holds only bools (torch.tensor makes those a bool tensor).
    static func allBools(_ v: Value) -> Bool {
        switch v {
        case .bool: return true
        case .list(let l): return !l.items.isEmpty && l.items.allSatisfy(allBools)
        case .tuple(let t): return !t.isEmpty && t.allSatisfy(allBools)
        default: return false
        }
    }

    static func conversion(_ name: String, summary: String, example: String,
                           other: @escaping (Value) throws -> Value, _ f: @escaping (Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Create", summary: summary, example: example) { p in
            let x = p.value("x", hint: "tensor")
            return { a in
                if case .tensor(let t) = a.value(x) { return .tensor(try f(t)) }
                return try other(a.value(x))
            }
        }
    }

    static let builtins: [Builtin] = [
        conversion("long", summary: "x as int64 (float32 truncated toward zero), as torch's x.long().",
                   example: "tensor([1.7, -1.7]).long()",
                   other: { v in throw LangError("long: needs a tensor, not \(describeForError(v)) (for a number: int(x))") }) {
            try $0.long()
        },
        conversion("bool", summary: "x as bool (non-zero is true), as torch's x.bool(); of other values, Python's truth value.",
                   example: "tensor([0, 2]).bool()", other: truth) { try $0.bool() },
        conversion("float", summary: "x as float32, as torch's x.float(); of a number, string or bool, the number (as Python's float).",
                   example: "arange(3).float()\nfloat(\"0.5\")", other: { .number(try numberOf($0, "float")) }) {
            try $0.float()
        },
    ]

    static func truth(_ v: Value) throws -> Value {
        switch v {
        case .bool: return v
        case .none: return .bool(false)
        case .number(let x): return .bool(x != 0)
        case .string(let s): return .bool(!s.isEmpty)
        case .list(let l): return .bool(!l.items.isEmpty)
        case .tuple(let t): return .bool(!t.isEmpty)
        default: throw LangError("bool: cannot convert \(describeForError(v)) to true or false")
        }
    }
}
