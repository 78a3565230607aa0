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

/// The PyTorch functions behind `//`, `%` and `~ & |` (the operators call the same runtime ops).
enum TensorLogicLibrary {
    static let library = Library(name: "Logic", builtins: builtins)

    static func binary(_ name: String, summary: String, example: String,
                       _ f: @escaping (Tensor, Tensor) throws -> Tensor) -> Builtin {
        Builtin(name, methodOf: [.tensor], section: "Math", summary: summary, example: example) { p in
            let x = p.value("a", hint: "tensor or number"), y = p.value("b", hint: "tensor or number")
            return { a in .tensor(try f(operand(a.value(x), name), operand(a.value(y), name))) }
        }
    }

    /// A tensor, or a number as a 0-D tensor of the dtype it counts as (whole: int64).
    static func operand(_ v: Value, _ who: String) throws -> Tensor {
        switch v {
        case .tensor(let t): return t
        case .bool(let b): return try Tensor.bools(shape: [], data: [b])
        case .number(let x) where x.isFinite && x == x.rounded() && Swift.abs(x) < 9.2e18:
            return try Tensor.int64(shape: [], data: [Int64(x)])
        case .number(let x): return Tensor.scalar(Float(x))
        default: throw LangError("\(who): expected a tensor or a number, not \(describeForError(v))")
        }
    }

    static let builtins: [Builtin] = [
        binary("floor_divide", summary: "a // b: the quotient rounded down (int64 stays int64), as torch.floor_divide.",
               example: "floor_divide(tensor([7, -7], dtype: \"int64\"), 2)") { try arithmetic(.floorDiv, $0, $1) },
        binary("remainder", summary: "a % b with the sign of b, as Python and torch.remainder.",
               example: "remainder(tensor([-3, 3], dtype: \"int64\"), 2)") { try arithmetic(.remainder, $0, $1) },
        binary("logical_and", summary: "Elementwise: both non-zero (a bool tensor).",
               example: "logical_and(tensor([true, true]), tensor([1, 0]))") { try bitwiseAnd($0.bool(), $1.bool()) },
        binary("logical_or", summary: "Elementwise: either non-zero (a bool tensor).",
               example: "logical_or(tensor([0, 0]), tensor([false, true]))") { try bitwiseOr($0.bool(), $1.bool()) },
        Builtin("logical_not", methodOf: [.tensor], section: "Math", summary: "Elementwise: zero (a bool tensor); ~m for a bool m.",
                example: "logical_not(tensor([0, 3], dtype: \"int64\"))") { p in
            let x = p.tensor("x", keepDType: true)
            return { a in .tensor(try bitwiseNot(a[x].bool())) }
        },
    ]
}
