import TensorRuntime

/// Files (LANGUAGE.md §5 "Files"): tensors and state_dicts in the formats PyTorch and NumPy
/// users already have, chosen by extension. Writes are atomic (a temporary file renamed over
/// the target), so an interrupted save never leaves a half-written file.
enum FilesLibrary {
    static let library = Library(name: "Files", builtins: builtins)

    enum Format: String {
        case npy, npz, safetensors
    }

    static func format(_ path: String, op: String) throws -> Format {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if let dot = name.lastIndex(of: "."), let f = Format(rawValue: String(name[name.index(after: dot)...]).lowercased()) {
            return f
        }
        throw LangError("\(op): cannot tell the format of \"\(path)\" (expected a name ending in .npy, .npz or .safetensors)")
    }

    static let builtins: [Builtin] = [
        Builtin("load", section: "Files",
                summary: "Reads a file by extension: .npy gives a tensor; .npz and .safetensors give a dict of tensors (e.g. a PyTorch state_dict for load_state).",
                example: "save(arange(3), \"/tmp/attn_example.npy\")\nload(\"/tmp/attn_example.npy\")") { p in
            let pathArg = p.string("path")
            return { a in
                let path = try a[pathArg]
                switch try format(path, op: "load") {
                case .npy:
                    return .tensor(try Npy.read(path))
                case .npz:
                    return .dict(DictObject(try Npz.read(path).map { ($0.0, Value.tensor($0.1)) }))
                case .safetensors:
                    return .dict(DictObject(try Safetensors.read(path).map { ($0.0, Value.tensor($0.1)) }))
                }
            }
        },
        Builtin("save", section: "Files",
                summary: "Writes a tensor to .npy, or a dict of tensors or a model (its state, by PyTorch names) to .safetensors, atomically; returns none. An entry a .safetensors file cannot store (a number, a string) is an error that names it.",
                example: "model = {\"out\": linear(3, 2)}\nsave(model, \"/tmp/attn_example.safetensors\")\nkeys(load(\"/tmp/attn_example.safetensors\"))") { p in
            let valueArg = p.value("value", hint: "tensor, dict or model"), pathArg = p.string("path")
            return { a in
                let path = try a[pathArg]
                let value = a.value(valueArg)
                switch try format(path, op: "save") {
                case .npy:
                    guard case .tensor(let t) = value else {
                        throw LangError("save: a .npy file holds one tensor, not \(describeForError(value)) (use .safetensors for dicts and models)")
                    }
                    try Npy.write(t, to: path)
                case .npz:
                    throw LangError("save: writing .npz is not supported; use .safetensors for several tensors")
                case .safetensors:
                    if case .tensor = value {
                        throw LangError("save: a .safetensors file holds named tensors; save a dict ({\"x\": t}) or use .npy for one tensor")
                    }
                    let entries = try ModelLibrary.entries(value, registry: a.context.registry, op: "save", purpose: .save)
                    try Safetensors.write(entries.map { ($0.name, $0.tensor) }, to: path)
                }
                return .none
            }
        },
    ]
}
