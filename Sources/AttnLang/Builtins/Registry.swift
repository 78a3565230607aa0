/// Every builtin, layer type and attribute, loaded from the library tables.
public final class Registry {
    public let libraries: [Library]
    private var builtinsByName: [String: Builtin] = [:]
    private var layerTypesByKind: [String: LayerType] = [:]
    /// Attributes by value kind (`ValueKind.slot`), then name: no key is built per read.
    private var attributesByKind = [[String: Attribute]](repeating: [:], count: ValueKind.allCases.count)

    /// A later library's builtin replaces an earlier one of the same name: the tensor library's
    /// `max`, `min` and `randint` extend CoreLibrary's number versions (and call
    /// `CoreLibrary.numberMinMax` / `CoreLibrary.randomInteger` for the number cases).
    public init(libraries: [Library]) {
        self.libraries = libraries
        for library in libraries {
            for b in library.builtins { builtinsByName[b.name] = b }
            for t in library.layerTypes { layerTypesByKind[t.kind] = t }
            for a in library.attributes { attributesByKind[a.kind.slot][a.name] = a }
        }
    }

    /// The libraries attn ships with. Each library file adds its table here, once.
    public static let standard = Registry(libraries: standardLibraries)

    /// Every builtin in effect (overridden ones left out), in library order.
    public var allBuiltins: [Builtin] {
        libraries.flatMap(\.builtins).filter { builtinsByName[$0.name] === $0 }
    }

    public func builtin(named name: String) -> Builtin? { builtinsByName[name] }

    public func layerType(_ kind: String) -> LayerType? { layerTypesByKind[kind] }

    public func attribute(_ name: String, of kind: ValueKind) -> Attribute? {
        attributesByKind[kind.slot][name]
    }

    /// The builtin that `value.name(...)` calls: a layer method, or a builtin whose first argument
    /// accepts values of this kind.
    public func method(_ name: String, of value: Value) -> Builtin? {
        if case .layer(let layer) = value, let m = layer.type.methods.first(where: { $0.name == name }) {
            return m
        }
        guard let b = builtinsByName[name], b.methodOf.contains(value.kind) else { return nil }
        return b
    }
}

/// Library tables in the order docs/BUILTINS.md lists them.
let standardLibraries: [Library] = [
    CoreLibrary.library,
    ProgressLibrary.library,
    StringLibrary.library,
    RegexLibrary.library,
    ListLibrary.library,
    DictLibrary.library,
    TensorCreateLibrary.library,
    TensorShapeLibrary.library,
    TensorMathLibrary.library,
    TensorReduceLibrary.library,
    TensorMoreLibrary.library,
    TensorDTypeLibrary.library,
    TensorLogicLibrary.library,
    TensorAttributesLibrary.library,
    LayersLibrary.library,
    RecurrentLayersLibrary.library,
    AttentionLayersLibrary.library,
    ModelLibrary.library,
    TrainingLibrary.library,
    FilesLibrary.library,
    TextFilesLibrary.library,
    FiguresLibrary.library,
    FormatLibrary.library,
]
