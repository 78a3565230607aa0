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
    /// Mutable and shared; hashable keys (`DictKey`) in insertion order.
    case dict(DictObject)
    case tensor(Tensor)
    case layer(LayerObject)
    case function(Callable)
    case optimizer(OptimizerObject)
    /// `range(start, stop, step)`: whole numbers made as they are walked, as Python's range.
    case range(RangeObject)
    /// A one-pass iterable made as it is walked (`progress()`).
    case iterator(IteratorObject)

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
        case .range: return .range
        case .iterator: return .iterator
        }
    }
}

public enum ValueKind: String, CaseIterable {
    case none, bool, number, string, list, tuple, dict, tensor, layer, function, optimizer, range, iterator

    /// A dense index (0..<allCases.count) for tables by kind.
    var slot: Int {
        switch self {
        case .none: return 0
        case .bool: return 1
        case .number: return 2
        case .string: return 3
        case .list: return 4
        case .tuple: return 5
        case .dict: return 6
        case .tensor: return 7
        case .layer: return 8
        case .function: return 9
        case .optimizer: return 10
        case .range: return 11
        case .iterator: return 12
        }
    }
}

public final class ListObject {
    public var items: [Value]
    public init(_ items: [Value]) { self.items = items }
    deinit { DeepRelease.release(&items) }
}

/// A dict key: a string, number, bool, none, or a tuple of these (LANGUAGE.md 9.1). Keys that
/// Python calls equal are one key here: `1`, `1.0` and `true` (True == 1 in Python), `0` and
/// `-0`. Lists, dicts, tensors and the other mutable or identity values are unhashable.
public struct DictKey: Hashable, CustomStringConvertible {
    public let value: Value

    public init(_ string: String) { value = .string(string) }

    /// Throws "unhashable type" for a value that cannot be a key (or a tuple holding one).
    public init(_ value: Value) throws {
        try DictKey.checkHashable(value, depth: 0)
        self.value = value
    }

    private static func checkHashable(_ v: Value, depth: Int) throws {
        switch v {
        case .string, .number, .bool, .none: return
        case .tuple(let items):
            guard depth < 100 else { throw LangError("unhashable type: tuple nested deeper than 100") }
            for item in items { try checkHashable(item, depth: depth + 1) }
        default:
            throw LangError("unhashable type: \(v.kindDescription) cannot be a dict key (keys are strings, numbers, bools, none or tuples of these)")
        }
    }

    /// The key when it is a string (models, attributes and file formats use string keys).
    public var string: String? {
        if case .string(let s) = value { return s }
        return nil
    }

    /// The key as `str()` shows it: the string itself, or `0`, `(1, 2)`; names parameters of
    /// models whose dicts have non-string keys.
    public var text: String { value.str }

    public var description: String { value.repr }

    public static func == (a: DictKey, b: DictKey) -> Bool { keysEqual(a.value, b.value) }

    private static func keysEqual(_ x: Value, _ y: Value) -> Bool {
        switch (x, y) {
        case (.string(let a), .string(let b)): return a == b
        case (.none, .none): return true
        case (.tuple(let a), .tuple(let b)): return a.count == b.count && zip(a, b).allSatisfy { keysEqual($0, $1) }
        default:
            guard let p = keyNumber(x), let q = keyNumber(y) else { return false }
            return p == q || (p.isNaN && q.isNaN)
        }
    }

    private static func keyNumber(_ v: Value) -> Double? {
        switch v {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    public func hash(into hasher: inout Hasher) { DictKey.hash(value, into: &hasher) }

    private static func hash(_ v: Value, into hasher: inout Hasher) {
        switch v {
        case .string(let s): hasher.combine(0 as UInt8); hasher.combine(s)
        case .none: hasher.combine(1 as UInt8)
        case .tuple(let items):
            hasher.combine(2 as UInt8)
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        default:
            // Numbers and bools share one hash space; 0 and -0 (equal) hash alike, as do NaNs.
            let x = keyNumber(v) ?? 0
            hasher.combine(3 as UInt8)
            hasher.combine(x.isNaN ? Double.nan.bitPattern : (x == 0 ? 0 : x.bitPattern))
        }
    }
}

/// An insertion-ordered dictionary (a model is a dict of layers with string keys). A key keeps
/// the form it was first inserted with (`d[1] = "a"; d[true] = "b"` leaves key `1`), as Python.
public final class DictObject {
    public private(set) var keys: [DictKey] = []
    private var storage: [DictKey: Value] = [:]
    /// Made by `counter`, as Python's Counter: an absent key reads as 0 (`c[w] += 1` counts a
    /// new word), and `update` adds counts instead of replacing values.
    public var isCounter = false

    public init() {}
    public init(_ pairs: [(String, Value)]) { for (k, v) in pairs { self[k] = v } }
    public init(entries: [(DictKey, Value)]) { for (k, v) in entries { self[k] = v } }

    public var count: Int { keys.count }

    public subscript(key: DictKey) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    public subscript(key: String) -> Value? {
        get { storage[DictKey(key)] }
        set { self[DictKey(key)] = newValue }
    }

    public var pairs: [(DictKey, Value)] { keys.map { ($0, storage[$0]!) } }

    /// The string keys, in order (the names a dict offers as attributes: `d.k`).
    public var stringKeys: [String] { keys.compactMap(\.string) }

    deinit {
        var values = Array(storage.values)
        storage = [:]
        DeepRelease.release(&values)
    }
}

/// A layer value: a runtime layer (Linear, RNN, Attention, ...) and its `LayerType`, which knows
/// how to call and describe it; both are fixed when the layer is built.
public final class LayerObject {
    public let type: LayerType
    public let layer: any Layer
    public var kind: String { type.kind }
    public init(type: LayerType, layer: any Layer) {
        self.type = type
        self.layer = layer
    }
}

/// An optimizer value (adam, sgd), wrapping the runtime optimizer object.
public final class OptimizerObject {
    public let kind: String
    public let optimizer: any Optimizer
    public init(kind: String, optimizer: any Optimizer) {
        self.kind = kind
        self.optimizer = optimizer
    }
}

/// The numbers start, start + step, ... up to but excluding stop, as Python's `range`: a
/// `for` loop over it counts without building a list, and `len`, indexing and `list` work.
public final class RangeObject {
    public let start: Int
    public let stop: Int
    public let step: Int
    /// How many numbers it holds.
    public let count: Int

    /// `step` must not be zero; bounds are whole numbers up to 2^53, so nothing overflows.
    public init(start: Int, stop: Int, step: Int) {
        self.start = start
        self.stop = stop
        self.step = step
        count = step > 0 ? Swift.max(0, (stop - start + step - 1) / step) : Swift.max(0, (start - stop - step - 1) / -step)
    }

    /// The number at `i` (0 ≤ i < count).
    @inline(__always)
    public subscript(i: Int) -> Int { start &+ i &* step }
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

/// A one-pass iterable made as it is walked: what `progress()` returns. A `for` loop pulls its
/// items one at a time (`next`), so work done per item — a progress bar's redraw — happens as
/// the loop runs; builtins that need every item (`list`, `enumerate`) drain it.
public final class IteratorObject {
    /// What it is called in messages and reprs (`progress`).
    public let name: String
    private let pull: () throws -> Value?
    private let left: () -> Void

    /// `next` gives the items, then nil; `leave` is called when a loop stops early by `break`
    /// or `return` (not when it fails), so the iterator can say where it stopped.
    public init(name: String, next: @escaping () throws -> Value?, leave: @escaping () -> Void = {}) {
        self.name = name
        pull = next
        left = leave
    }

    public func next() throws -> Value? { try pull() }

    public func leave() { left() }

    /// The items not yet walked, for builtins that need them all.
    public func drain(limit: Int) throws -> [Value] {
        var items: [Value] = []
        while let item = try next() {
            guard items.count < limit else { throw LangError("\(name): more than \(limit) items (the list limit)") }
            items.append(item)
        }
        return items
    }
}
