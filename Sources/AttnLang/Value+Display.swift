import TensorRuntime

// `repr` is how a value shows as a statement's result and inside containers (strings quoted);
// `str` is how `print` and `str()` show it (strings raw).
extension Value {
    public var repr: String {
        switch self {
        case .none: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x): return formatLanguageNumber(x)
        case .string(let s): return quoteString(s)
        case .list(let l): return "[" + l.items.map(\.repr).joined(separator: ", ") + "]"
        case .tuple(let t): return t.count == 1 ? "(\(t[0].repr),)" : "(" + t.map(\.repr).joined(separator: ", ") + ")"
        case .dict(let d): return "{" + d.pairs.map { quoteString($0.0) + ": " + $0.1.repr }.joined(separator: ", ") + "}"
        case .tensor(let t): return formatTensorValue(t)
        case .layer(let l):
            if let type = Registry.standard.layerType(l.kind) { return type.describe(l) }
            return "<layer \(l.kind)>"
        case .function(.builtin(let b)): return "<builtin \(b.name)>"
        case .function(.bound(let m)): return "<method \(m.builtin.name) of \(m.receiver.kindDescription)>"
        case .function(.user(let object)):
            if let fn = object as? FunctionObject { return "<fn \(fn.signature)>" }
            return "<fn>"
        case .optimizer(let o): return "<optimizer \(o.kind)>"
        }
    }

    public var str: String {
        if case .string(let s) = self { return s }
        return repr
    }
}

/// Numbers print in their shortest exact form (`3`, `0.5`, `1e-05`), as tensors' elements do.
func formatLanguageNumber(_ x: Double) -> String { formatNumber(x) }

/// A string in double quotes with `\\ \" \n \t` escaped, as it would be written in source.
func quoteString(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}

func formatTensorValue(_ t: Tensor) -> String { formatTensor(t) }
