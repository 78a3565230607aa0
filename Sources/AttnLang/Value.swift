import TensorRuntime

// PUBLIC CONTRACT between the evaluator and the builtin libraries. Extend, don't rename.

/// A value of the .attn language (LANGUAGE.md section 3).
public enum Value {
    case none
    case bool(Bool)
    case number(Double)
    case string(String)
    /// Mutable and shared, as a Python list.
    case list(ListObject)
    case tuple([Value])
    /// Mutable and shared; string keys in insertion order.
    case dict(DictObject)
    case tensor(Tensor)
    case layer(LayerObject)
    case function(Callable)
    case optimizer(OptimizerObject)

    public var kind: ValueKind {
        switch self {
        case .none: return .none
        case .bool: return .bool
        case .number: return .number
        case .string: return .string
        case .list: return .list
        case .tuple: return .tuple
        case .dict: return .dict
        case .tensor: return .tensor
        case .layer: return .layer
        case .function: return .function
        case .optimizer: return .optimizer
        }
    }
}

public enum ValueKind: String, CaseIterable {
    case none, bool, number, string, list, tuple, dict, tensor, layer, function, optimizer
}

public final class ListObject {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
    deinit { DeepRelease.release(&items) }
}

/// An insertion-ordered dictionary with string keys (a model is a dict of layers).
public final class DictObject {
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]

    public init() {}
    public init(_ pairs: [(String, Value)]) { for (k, v) in pairs { self[k] = v } }

    public var count: Int { keys.count }

    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public var pairs: [(String, Value)] { keys.map { ($0, storage[$0]!) } }

    deinit {
        var values = Array(storage.values)
        storage = [:]
        DeepRelease.release(&values)
    }
}

/// A layer value: a runtime layer object (Linear, RNN, Attention, ...) and its kind, which
/// selects the `LayerType` in the registry that knows how to call and describe it.
public final class LayerObject {
    public let kind: String
    public let layer: AnyObject
    public init(kind: String, layer: AnyObject) {
        self.kind = kind
        self.layer = layer
    }
}

/// An optimizer value (adam, sgd), wrapping the runtime optimizer object.
public final class OptimizerObject {
    public let kind: String
    public let optimizer: AnyObject
    public init(kind: String, optimizer: AnyObject) {
        self.kind = kind
        self.optimizer = optimizer
    }
}

/// Anything that can be called.
public enum Callable {
    /// A function defined with `fn` (or an anonymous one); the evaluator defines its class.
    case user(AnyObject)
    case builtin(Builtin)
    /// `x.f` for builtin `f` whose first argument is `x` (method syntax), or a layer method.
    /// (The evaluator calls `x.f(...)` directly without building one; this is for `g = x.f`.)
    case bound(BoundMethod)
}

public final class BoundMethod {
    public let builtin: Builtin
    public let receiver: Value
    public init(builtin: Builtin, receiver: Value) {
        self.builtin = builtin
        self.receiver = receiver
    }
}

/// An error raised by a builtin or the evaluator that is not a tensor error; the evaluator
/// turns it (and `TensorError`) into a `Diagnostic` at the call site.
public struct LangError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
