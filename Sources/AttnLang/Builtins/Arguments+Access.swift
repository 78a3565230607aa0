import TensorRuntime

/// Typed access to a builtin's bound arguments, by position (`args.tensor(0)`) or by parameter
/// name (`args.int("dim")`). Every accessor throws a `LangError` that names the builtin and the
/// parameter: `softmax: dim must be a number, got tensor`.
///
/// A variadic parameter's slot in `values` is `.none`; its arguments are in `rest` (see
/// `intList`, `variadic`).
extension Arguments {
    /// A tensor or a number (numbers broadcast as scalars in tensor ops).
    public enum TensorOrNumber {
        case tensor(Tensor)
        case number(Double)
    }

    public func parameterIndex(_ name: String) throws -> Int {
        guard let i = builtin.parameters.firstIndex(where: { $0.name == name }) else {
            throw LangError("\(builtin.name): internal error: no parameter '\(name)'")
        }
        return i
    }

    public func parameterName(_ i: Int) -> String {
        i >= 0 && i < builtin.parameters.count ? builtin.parameters[i].name : "argument \(i + 1)"
    }

    /// The bound value (the default when not given).
    public func value(_ i: Int) throws -> Value {
        guard i >= 0 && i < values.count else { throw LangError("\(builtin.name): missing argument \(i + 1)") }
        return values[i]
    }

    public func value(_ name: String) throws -> Value { try value(try parameterIndex(name)) }

    public func isNone(_ i: Int) throws -> Bool { try value(i).isNone }
    public func isNone(_ name: String) throws -> Bool { try value(name).isNone }

    /// `softmax: dim must be a number, got tensor`.
    public func mismatch(_ i: Int, _ expected: String, _ got: Value) -> LangError {
        LangError("\(builtin.name): \(parameterName(i)) must be \(expected), got \(got.kindDescription)")
    }

    // MARK: Tensors

    public func tensor(_ i: Int) throws -> Tensor {
        let v = try value(i)
        guard case .tensor(let t) = v else { throw mismatch(i, "a tensor", v) }
        return t
    }
    public func tensor(_ name: String) throws -> Tensor { try tensor(try parameterIndex(name)) }

    public func optionalTensor(_ i: Int) throws -> Tensor? {
        if try isNone(i) { return nil }
        return try tensor(i)
    }
    public func optionalTensor(_ name: String) throws -> Tensor? { try optionalTensor(try parameterIndex(name)) }

    public func tensorOrNumber(_ i: Int) throws -> TensorOrNumber {
        let v = try value(i)
        switch v {
        case .tensor(let t): return .tensor(t)
        case .number(let x): return .number(x)
        case .bool(let b): return .number(b ? 1 : 0)
        default: throw mismatch(i, "a tensor or a number", v)
        }
    }
    public func tensorOrNumber(_ name: String) throws -> TensorOrNumber { try tensorOrNumber(try parameterIndex(name)) }

    /// A list or tuple of tensors (`cat`, `stack`, optimizer parameter lists).
    public func tensorList(_ i: Int) throws -> [Tensor] {
        let items = try list(i)
        return try items.enumerated().map { k, item in
            guard case .tensor(let t) = item else {
                throw LangError("\(builtin.name): \(parameterName(i)) must be a list of tensors, item \(k) is \(item.kindDescription)")
            }
            return t
        }
    }
    public func tensorList(_ name: String) throws -> [Tensor] { try tensorList(try parameterIndex(name)) }

    // MARK: Numbers

    public func double(_ i: Int) throws -> Double {
        let v = try value(i)
        switch v {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        default: throw mismatch(i, "a number", v)
        }
    }
    public func double(_ name: String) throws -> Double { try double(try parameterIndex(name)) }

    public func float(_ i: Int) throws -> Float { Float(try double(i)) }
    public func float(_ name: String) throws -> Float { Float(try double(name)) }

    public func optionalDouble(_ i: Int) throws -> Double? {
        if try isNone(i) { return nil }
        return try double(i)
    }
    public func optionalDouble(_ name: String) throws -> Double? { try optionalDouble(try parameterIndex(name)) }

    /// A whole number (finite, integral, in range); `dim: 1.5` is an error, not a truncation.
    public func int(_ i: Int) throws -> Int {
        let v = try value(i)
        guard case .number = v else {
            if case .bool(let b) = v { return b ? 1 : 0 }
            throw mismatch(i, "a number", v)
        }
        return try v.toInt(what: "\(builtin.name): \(parameterName(i))")
    }
    public func int(_ name: String) throws -> Int { try int(try parameterIndex(name)) }

    public func optionalInt(_ i: Int) throws -> Int? {
        if try isNone(i) { return nil }
        return try int(i)
    }
    public func optionalInt(_ name: String) throws -> Int? { try optionalInt(try parameterIndex(name)) }

    // MARK: Other kinds

    public func bool(_ i: Int) throws -> Bool {
        let v = try value(i)
        switch v {
        case .bool(let b): return b
        case .number(let x) where x == 0 || x == 1: return x == 1
        default: throw mismatch(i, "true or false", v)
        }
    }
    public func bool(_ name: String) throws -> Bool { try bool(try parameterIndex(name)) }

    public func string(_ i: Int) throws -> String {
        let v = try value(i)
        guard case .string(let s) = v else { throw mismatch(i, "a string", v) }
        return s
    }
    public func string(_ name: String) throws -> String { try string(try parameterIndex(name)) }

    public func optionalString(_ i: Int) throws -> String? {
        if try isNone(i) { return nil }
        return try string(i)
    }
    public func optionalString(_ name: String) throws -> String? { try optionalString(try parameterIndex(name)) }

    /// The items of a list or tuple.
    public func list(_ i: Int) throws -> [Value] {
        let v = try value(i)
        switch v {
        case .list(let l): return l.items
        case .tuple(let t): return t
        default: throw mismatch(i, "a list or tuple", v)
        }
    }
    public func list(_ name: String) throws -> [Value] { try list(try parameterIndex(name)) }

    public func dict(_ i: Int) throws -> DictObject {
        let v = try value(i)
        guard case .dict(let d) = v else { throw mismatch(i, "a dict", v) }
        return d
    }
    public func dict(_ name: String) throws -> DictObject { try dict(try parameterIndex(name)) }

    public func layer(_ i: Int) throws -> LayerObject {
        let v = try value(i)
        guard case .layer(let l) = v else { throw mismatch(i, "a layer", v) }
        return l
    }
    public func layer(_ name: String) throws -> LayerObject { try layer(try parameterIndex(name)) }

    /// The arguments of a variadic parameter: `rest`.
    public var variadic: [Value] { rest }

    /// A list of whole numbers (a shape, dims): a tuple or list, a single number, or for a
    /// variadic parameter its arguments — so `zeros(2, 3)`, `zeros((2, 3))` and `zeros([2, 3])` agree.
    public func intList(_ i: Int) throws -> [Int] {
        let name = parameterName(i)
        let items: [Value]
        if i >= 0 && i < builtin.parameters.count && builtin.parameters[i].variadic {
            if rest.count == 1, case .tuple(let t) = rest[0] { items = t }
            else if rest.count == 1, case .list(let l) = rest[0] { items = l.items }
            else { items = rest }
        } else {
            let v = try value(i)
            switch v {
            case .tuple(let t): items = t
            case .list(let l): items = l.items
            case .number: items = [v]
            default: throw mismatch(i, "a list of numbers", v)
            }
        }
        return try items.map { item in
            guard case .number = item else {
                throw LangError("\(builtin.name): \(name) must be whole numbers, got \(item.kindDescription)")
            }
            return try item.toInt(what: "\(builtin.name): \(name)")
        }
    }
    public func intList(_ name: String) throws -> [Int] { try intList(try parameterIndex(name)) }
}
