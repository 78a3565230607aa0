import TensorRuntime

// THE ARGUMENT VOCABULARY (docs/ARCHITECTURE.md, "Adding a builtin"). A builtin declares its
// parameters once, through a `Signature`, and gets back a typed handle per parameter; its body
// reads each argument through its handle: `a[dim]` is an `Int` for an `Arg<Int>`. The handle
// holds the parameter's slot, fixed when the table is built, so reading costs an array access
// and a type check: no name search per call. Every conversion error has one wording:
// `softmax: dim must be a whole number, not 0.5` (builtin, parameter, what was expected, and
// the value as `describeForError` shows it).

/// A typed handle to one parameter of one builtin (see `Signature`).
public struct Arg<T: ArgumentType> {
    public let slot: Int
}

/// The handle of a variadic parameter: its arguments are `a[rest]`, or `a.sizes(rest)` for a
/// shape given spread out or as one list.
public struct RestArg {
    public let slot: Int
}

/// Bound arguments of one builtin call: one slot per parameter (defaults filled in) plus the
/// variadic rest. Read them through the builtin's handles.
public struct Arguments {
    public let builtin: Builtin
    public var values: [Value]
    public var rest: [Value]
    /// Strong (not unowned): an `Arguments` lives for one call, and unowned references cost
    /// extra reference counting on every access.
    public let context: CallContext

    public init(builtin: Builtin, values: [Value], rest: [Value], context: CallContext) {
        self.builtin = builtin
        self.values = values
        self.rest = rest
        self.context = context
    }

    /// The argument converted to the handle's type; throws the one wording on a mismatch.
    @inline(__always)
    public subscript<T>(_ arg: Arg<T>) -> T {
        get throws { try T.read(values[arg.slot], self, arg.slot) }
    }

    /// The arguments collected by the variadic parameter.
    public subscript(_ arg: RestArg) -> [Value] { rest }

    /// The argument as given (the default when not given), for bodies that branch on its kind.
    @inline(__always)
    public func value<T>(_ arg: Arg<T>) -> Value { values[arg.slot] }

    /// True when the argument is `none`.
    public func isNone<T>(_ arg: Arg<T>) -> Bool { values[arg.slot].isNone }

    /// `softmax: dim must be a whole number, not 0.5`: the one wording of argument errors.
    public func failure<T>(_ arg: Arg<T>, _ expected: String, _ got: Value? = nil) -> LangError {
        failure(slot: arg.slot, expected, got ?? values[arg.slot])
    }

    public func failure(slot: Int, _ expected: String, _ got: Value) -> LangError {
        LangError("\(builtin.name): \(parameterName(slot)) must be \(expected), not \(describeForError(got))")
    }

    public func parameterName(_ slot: Int) -> String {
        slot < builtin.parameters.count ? builtin.parameters[slot].name : "argument \(slot + 1)"
    }

    /// A shape given spread out (`zeros(2, 3)`, collected by the variadic parameter) or as one
    /// list or tuple (`zeros((2, 3))`, `zeros([2, 3])`, `x.view(x.shape)`).
    public func sizes(_ arg: RestArg) throws -> [Int] {
        if rest.count == 1, !rest[0].isNumber, let list = wholeNumbers(rest[0]) { return list }
        var shape: [Int] = []
        shape.reserveCapacity(rest.count)
        for v in rest {
            guard case .number(let x) = v, let n = wholeNumber(x) else {
                throw LangError("\(builtin.name): \(parameterName(arg.slot)) must be whole numbers or one list of them, not \(describeForError(v))")
            }
            shape.append(n)
        }
        return shape
    }

    /// The layer argument's runtime object, which must be a `T` (`Linear`, `RNN`, ...).
    public func layer<T>(_ arg: Arg<LayerObject>, as type: T.Type) throws -> T {
        let l = try self[arg]
        guard let object = l.layer as? T else {
            throw LangError("\(builtin.name): expected a \(builtin.name) layer, not a \(l.kind) layer")
        }
        return object
    }
}

/// Declares a builtin's parameters in order and hands back their typed handles. Used once per
/// builtin, when its library table is built:
///
///     Builtin("softmax", methodOf: [.tensor], section: "Math", summary: "...", example: "...") { p in
///         let x = p.tensor("x"), dim = p.int("dim", default: -1)
///         return { a in .tensor(try TensorRuntime.softmax(a[x], dim: a[dim])) }
///     }
///
/// Arguments bind positionally, then by keyword; a variadic parameter (`p.rest`) takes the
/// remaining positional arguments and makes the parameters after it keyword-only.
public final class Signature {
    public private(set) var parameters: [Parameter] = []

    /// Any parameter: its name, the type hint help shows, and its default (nil: required).
    /// `keepDType`: a tensor argument keeps its dtype (int64, bool); otherwise it reads as float32.
    public func arg<T: ArgumentType>(_ name: String, _ type: T.Type = T.self, hint: String? = nil,
                                     default defaultValue: Value? = nil, keepDType: Bool = false) -> Arg<T> {
        var parameter = Parameter(name, hint ?? T.hint, default: defaultValue)
        parameter.keepsDType = keepDType
        parameters.append(parameter)
        return Arg(slot: parameters.count - 1)
    }

    /// Lets a call name `arg`'s parameter by PyTorch's keyword too (`num_layers:` for `layers:`).
    public func torchName<T>(_ name: String, for arg: Arg<T>) {
        parameters[arg.slot].torchName = name
    }

    /// An optional parameter whose default is `none` (read as nil).
    public func optional<T: ArgumentType>(_ name: String, _ type: T.Type, hint: String? = nil, keepDType: Bool = false) -> Arg<T?> {
        arg(name, T?.self, hint: hint ?? T.hint, default: Value.none, keepDType: keepDType)
    }

    public func rest(_ name: String, hint: String) -> RestArg {
        parameters.append(Parameter(name, hint, variadic: true))
        return RestArg(slot: parameters.count - 1)
    }

    public func tensor(_ name: String, hint: String = "tensor", keepDType: Bool = false) -> Arg<Tensor> {
        arg(name, hint: hint, keepDType: keepDType)
    }
    public func value(_ name: String, hint: String = "any", default d: Value? = nil) -> Arg<Value> { arg(name, hint: hint, default: d) }
    public func string(_ name: String, default d: String? = nil) -> Arg<String> { arg(name, default: d.map(Value.string)) }
    public func bool(_ name: String, default d: Bool? = nil) -> Arg<Bool> { arg(name, default: d.map(Value.bool)) }
    public func int(_ name: String, default d: Int? = nil) -> Arg<Int> { arg(name, default: d.map { .number(Double($0)) }) }
    public func number(_ name: String, default d: Double? = nil) -> Arg<Double> { arg(name, default: d.map(Value.number)) }
    public func float(_ name: String, default d: Double? = nil) -> Arg<Float> { arg(name, default: d.map(Value.number)) }
    public func layer(_ name: String = "layer") -> Arg<LayerObject> { arg(name) }
}
