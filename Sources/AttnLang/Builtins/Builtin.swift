import TensorRuntime

// PUBLIC CONTRACT: builtins are data. Each library file (Builtins/*Library.swift) exports one
// table `static let builtins: [Builtin]` (plus layer types and attributes); `Registry` loads
// the tables; the evaluator finds everything through the registry and never names a builtin.
// A builtin declares its parameters through a `Signature` and reads its arguments through the
// typed handles it gets back (Arguments.swift).

/// One parameter of a builtin, in declaration order. Arguments bind positionally, then by keyword.
public struct Parameter {
    public let name: String
    /// nil: required.
    public let defaultValue: Value?
    /// Collects all remaining positional arguments (`zeros(2, 3)`, `print(a, b)`); at most one, last
    /// among positional parameters; parameters after it are keyword-only.
    public let variadic: Bool
    /// Short type hint for help and docs (`tensor`, `number`, `list of tensors`).
    public let type: String
    /// A tensor parameter that takes int64 and bool tensors as they are; others read them as
    /// float32 (the builtins that need floats promote, as LANGUAGE.md 9.3 says).
    public var keepsDType = false
    /// PyTorch's keyword for this parameter where attn's name differs (`num_layers` for
    /// `layers`): a call copied from PyTorch binds it too.
    public var torchName: String?

    public init(_ name: String, _ type: String = "", default defaultValue: Value? = nil, variadic: Bool = false) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.variadic = variadic
    }
}

/// A builtin function: its signature, documentation and implementation in one entry.
public final class Builtin {
    public let name: String
    public let parameters: [Parameter]
    /// Kinds of value that may be the first argument through method syntax (`x.f(a)` means
    /// `f(x, a)`); empty when `f` is not a method of anything.
    public let methodOf: [ValueKind]
    /// Grouping for docs/BUILTINS.md ("Create", "Shape", "Math", "Layers", ...).
    public let section: String
    public let summary: String
    /// A line (or a few) of .attn showing the call; docs show it as is.
    public let example: String
    public let body: Body
    /// The index of the variadic parameter, if any: positional arguments fill the slots before it.
    public let variadicSlot: Int?

    public typealias Body = (inout Arguments) throws -> Value

    /// `declare` runs once, here: it declares the parameters through the `Signature` (getting
    /// their typed handles) and returns the body, which reads the arguments through them.
    public init(_ name: String, methodOf: [ValueKind] = [], section: String, summary: String, example: String,
                _ declare: (Signature) -> Body) {
        let signature = Signature()
        self.body = declare(signature)
        self.name = name
        self.parameters = signature.parameters
        self.variadicSlot = signature.parameters.firstIndex(where: \.variadic)
        self.methodOf = methodOf
        self.section = section
        self.summary = summary
        self.example = example
    }

    /// What `help(name)`, `attn help NAME` and the REPL's `?name` show: signature, summary,
    /// the kinds it is a method of, and the example.
    public var helpText: String {
        var text = signature
        if !summary.isEmpty { text += "\n  " + summary }
        if !methodOf.isEmpty {
            text += "\n  also a method of " + methodOf.map(\.rawValue).joined(separator: ", ") + " values: x.\(name)(...)"
        }
        if !example.isEmpty {
            text += "\n  example:\n" + example.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n")
        }
        return text
    }

    /// `name(a, b: 1)` as shown in help and docs.
    public var signature: String {
        let parts = parameters.map { p -> String in
            if p.variadic { return p.name + "..." }
            if let d = p.defaultValue { return "\(p.name): \(d.repr)" }
            return p.name
        }
        return "\(name)(\(parts.joined(separator: ", ")))"
    }
}

/// What a builtin can ask of the running interpreter.
public protocol CallContext: AnyObject {
    /// Shows an item below the current top-level statement (print, heatmap, plot).
    func display(_ item: DisplayItem)
    /// Reports a `progress()` loop's state (live redraws; the final state is also recorded).
    func progress(_ state: ProgressState)
    /// Calls any callable value (user function, builtin, bound method, layer) with positional
    /// arguments, through the evaluator's one call path.
    func call(_ function: Value, _ arguments: [Value]) throws -> Value
    /// Throws if the user pressed Ctrl-C; long-running builtins call it between steps.
    func checkInterrupt() throws
    var registry: Registry { get }
}

/// A kind of layer: how it is called, its methods and its PyTorch-style repr. Every
/// `LayerObject` holds its type, resolved once when the layer is built; parameters, their
/// assignment and the training mode come from the runtime's `Layer` protocol.
public final class LayerType {
    public let kind: String
    /// Takes the layer itself as first argument, as each method does.
    public let call: Builtin
    public let methods: [Builtin]
    /// PyTorch-style repr: `Linear(in_features=3, out_features=4, bias=True)`.
    public let describe: (any Layer) -> String

    public init(kind: String, call: Builtin, methods: [Builtin] = [], describe: @escaping (any Layer) -> String) {
        self.kind = kind
        self.call = call
        self.methods = methods
        self.describe = describe
    }
}

/// A named attribute of values of one kind (`x.shape`, `x.T`, `x.grad`); `set` for assignable ones.
public struct Attribute {
    public let kind: ValueKind
    public let name: String
    public let summary: String
    public let get: (Value) throws -> Value
    public let set: ((Value, Value) throws -> Void)?

    public init(kind: ValueKind, name: String, summary: String, get: @escaping (Value) throws -> Value,
                set: ((Value, Value) throws -> Void)? = nil) {
        self.kind = kind
        self.name = name
        self.summary = summary
        self.get = get
        self.set = set
    }
}

/// One library's contribution to the registry.
public struct Library {
    public let name: String
    public let builtins: [Builtin]
    public let layerTypes: [LayerType]
    public let attributes: [Attribute]

    public init(name: String, builtins: [Builtin], layerTypes: [LayerType] = [], attributes: [Attribute] = []) {
        self.name = name
        self.builtins = builtins
        self.layerTypes = layerTypes
        self.attributes = attributes
    }
}
