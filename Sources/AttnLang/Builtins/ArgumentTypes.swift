import TensorRuntime

/// A type an argument can be read as through an `Arg<T>` handle. `read` converts the bound
/// value or throws `a.failure(slot:...)`, the one wording of argument errors.
public protocol ArgumentType {
    /// The type hint help and docs show when the declaration gives none.
    static var hint: String { get }
    static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Self
}

/// The largest whole number arguments, indices and sizes may be: 2^53, beyond which not every
/// whole number is exact in a Double (the language's one number type).
public let maxWholeNumber = 9_007_199_254_740_992.0

/// `x` as an Int when it is a whole number of magnitude at most `maxWholeNumber`.
@inline(__always)
func wholeNumber(_ x: Double) -> Int? {
    guard x.isFinite, x == x.rounded(), Swift.abs(x) <= maxWholeNumber else { return nil }
    return Int(x)
}

/// Whole numbers from a list, tuple, 1-D tensor or single number (`permute(x, [2, 0, 1])`).
func wholeNumbers(_ v: Value) -> [Int]? {
    let items: [Value]
    switch v {
    case .list(let l): items = l.items
    case .tuple(let t): items = t
    case .tensor(let t):
        guard t.rank <= 1 else { return nil }
        var out: [Int] = []
        for x in t.doubleValues() {
            guard let n = wholeNumber(x) else { return nil }
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

/// How every message describes a value: small values as written, others by kind (and shape).
func describeForError(_ v: Value) -> String {
    switch v {
    case .number, .bool, .none: return v.repr
    case .string(let s): return s.count <= 20 ? "the string \"\(s)\"" : "a string"
    case .tensor(let t): return "a tensor of shape \(shapeString(t.shape))"
    case .layer(let l): return "a \(l.kind) layer"
    default: return "a \(v.kind.rawValue)"
    }
}

extension Value {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}

// MARK: - Conversions

extension Value: ArgumentType {
    public static var hint: String { "any" }
    @inline(__always)
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Value { v }
}

/// A tensor; numbers, bools and nested lists of them become tensors (as torch.tensor).
/// int64 and bool tensors read as float32 unless the parameter keeps dtypes (`keepDType`).
extension Tensor: ArgumentType {
    public static var hint: String { "tensor" }
    @inline(__always)
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Tensor {
        if case .tensor(let t) = v {
            if t.dtype == .float32 { return t }
            return try promotedArgument(t, a, slot)
        }
        do { return try tensorFromValue(v, op: a.builtin.name) } catch is LangError {
            throw a.failure(slot: slot, "a tensor", v)
        }
    }
}

/// An int64 or bool tensor argument: as it is for a `keepDType` parameter, else as float32.
@inline(never)
func promotedArgument(_ t: Tensor, _ a: Arguments, _ slot: Int) throws -> Tensor {
    a.builtin.parameters[slot].keepsDType ? t : try t.promotedToFloat()
}

/// A number: a number, true/false as 1/0, or a one-element tensor.
extension Double: ArgumentType {
    public static var hint: String { "number" }
    @inline(__always)
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Double {
        if let x = try v.scalarNumber() { return x }
        throw a.failure(slot: slot, "a number", v)
    }
}

extension Value {
    /// What a number parameter reads: a number, true/false as 1/0, or a one-element tensor's
    /// value; nil for anything else.
    @inline(__always)
    func scalarNumber() throws -> Double? {
        switch self {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return try t.itemValue()
        default: return nil
        }
    }
}

extension Float: ArgumentType {
    public static var hint: String { "number" }
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Float {
        Float(try Double.read(v, a, slot))
    }
}

/// A whole number (a dimension, size or count) up to `maxWholeNumber`: `dim: 1.5` is an
/// error, never a truncation.
extension Int: ArgumentType {
    public static var hint: String { "number" }
    @inline(__always)
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Int {
        if case .number(let x) = v, let n = wholeNumber(x) { return n }
        if let n = try v.wholeNumberValue() { return n }
        throw a.failure(slot: slot, v.isBeyondWholeNumbers ? "a whole number of magnitude at most 2^53" : "a whole number", v)
    }
}

extension Value {
    /// The whole number a number, bool or one-element tensor holds; nil for anything else.
    func wholeNumberValue() throws -> Int? {
        switch self {
        case .number(let x): return wholeNumber(x)
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return wholeNumber(try t.itemValue())
        default: return nil
        }
    }

    /// A whole number too large for `maxWholeNumber`.
    var isBeyondWholeNumbers: Bool {
        if case .number(let x) = self { return x.isFinite && x == x.rounded() && Swift.abs(x) > maxWholeNumber }
        return false
    }
}

/// true or false; the numbers 0 and 1 are accepted, any other value is an error (so
/// `linear(3, 2, bias: 2)` does not silently mean true).
extension Bool: ArgumentType {
    public static var hint: String { "bool" }
    @inline(__always)
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Bool {
        switch v {
        case .bool(let b): return b
        case .number(let x) where x == 0 || x == 1: return x == 1
        default: throw a.failure(slot: slot, "true or false", v)
        }
    }
}

extension String: ArgumentType {
    public static var hint: String { "string" }
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> String {
        guard case .string(let s) = v else { throw a.failure(slot: slot, "a string", v) }
        return s
    }
}

extension LayerObject: ArgumentType {
    public static var hint: String { "layer" }
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> LayerObject {
        guard case .layer(let l) = v else { throw a.failure(slot: slot, "a layer", v) }
        return l
    }
}

extension DictObject: ArgumentType {
    public static var hint: String { "dict" }
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> DictObject {
        guard case .dict(let d) = v else { throw a.failure(slot: slot, "a dict", v) }
        return d
    }
}

/// `none` reads as nil; anything else as `Wrapped`.
extension Optional: ArgumentType where Wrapped: ArgumentType {
    public static var hint: String { Wrapped.hint }
    @inline(__always)
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> Wrapped? {
        if case .none = v { return nil }
        return try Wrapped.read(v, a, slot)
    }
}

/// An element type of list arguments (`[Int]`, `[Tensor]`, `[Value]`).
public protocol ArgumentElement {
    static var listHint: String { get }
    static func readList(_ v: Value, _ a: Arguments, _ slot: Int) throws -> [Self]
}

extension Array: ArgumentType where Element: ArgumentElement {
    public static var hint: String { Element.listHint }
    public static func read(_ v: Value, _ a: Arguments, _ slot: Int) throws -> [Element] {
        try Element.readList(v, a, slot)
    }
}

/// The items of a list or tuple.
extension Value: ArgumentElement {
    public static var listHint: String { "list" }
    public static func readList(_ v: Value, _ a: Arguments, _ slot: Int) throws -> [Value] {
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: throw a.failure(slot: slot, "a list or tuple", v)
        }
    }
}

/// Whole numbers from a list, tuple, 1-D tensor or one number (`permute(x, [2, 0, 1])`).
extension Int: ArgumentElement {
    public static var listHint: String { "list of numbers" }
    public static func readList(_ v: Value, _ a: Arguments, _ slot: Int) throws -> [Int] {
        guard let list = wholeNumbers(v) else { throw a.failure(slot: slot, "a list of whole numbers", v) }
        return list
    }
}

/// Tensors from a list or tuple (`cat([a, b], dim: 0)`).
extension Tensor: ArgumentElement {
    public static var listHint: String { "list of tensors" }
    public static func readList(_ v: Value, _ a: Arguments, _ slot: Int) throws -> [Tensor] {
        let items: [Value]
        switch v {
        case .list(let l): items = l.items
        case .tuple(let t): items = t
        default: throw a.failure(slot: slot, "a list of tensors", v)
        }
        var out: [Tensor] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .tensor(let t) = item else { throw a.failure(slot: slot, "a list of tensors", item) }
            out.append(t)
        }
        return out
    }
}
