import TensorRuntime

// `repr` is how a value shows as a statement's result and inside containers (strings quoted);
// `str` is how `print` and `str()` show it (strings raw).
extension Value {
    public var repr: String {
        var writer = ReprWriter()
        writer.write(self)
        return writer.out
    }

    public var str: String {
        if case .string(let s) = self { return s }
        return repr
    }
}

/// Builds a repr without recursing forever or without bound: a list or dict that contains
/// itself shows as `[...]` / `{...}` (as in Python), and output past `limit` characters is cut
/// with `...` (a list holding the same big list a million times would otherwise exhaust memory).
struct ReprWriter {
    var out = ""
    var visiting: Set<ObjectIdentifier> = []
    var depth = 0
    static let limit = 1_000_000
    static let maxDepth = 1000

    var full: Bool { out.utf8.count >= ReprWriter.limit }

    mutating func append(_ s: String) {
        guard !full else { return }
        out += s
        if full { out += "..." }
    }

    mutating func write(_ value: Value) {
        guard !full else { return }
        guard depth < ReprWriter.maxDepth else { append("..."); return }
        depth += 1
        defer { depth -= 1 }
        switch value {
        case .none: append("none")
        case .bool(let b): append(b ? "true" : "false")
        case .number(let x): append(formatLanguageNumber(x))
        case .string(let s): append(quoted(s))
        case .list(let l):
            let id = ObjectIdentifier(l)
            guard visiting.insert(id).inserted else { append("[...]"); return }
            defer { visiting.remove(id) }
            append("[")
            writeItems(l.items)
            append("]")
        case .tuple(let t):
            append("(")
            writeItems(t)
            append(t.count == 1 ? ",)" : ")")
        case .dict(let d):
            let id = ObjectIdentifier(d)
            guard visiting.insert(id).inserted else { append("{...}"); return }
            defer { visiting.remove(id) }
            if let tree = moduleTree(d) { append(tree); return }
            append("{")
            for (i, (k, v)) in d.pairs.enumerated() {
                if full { break }
                if i > 0 { append(", ") }
                write(k.value)
                append(": ")
                write(v)
            }
            append("}")
        case .tensor(let t): append(formatTensorValue(t))
        case .layer(let l):
            append(l.type.describe(l.layer))
        case .function(.builtin(let b)): append("<builtin \(b.name)>")
        case .function(.bound(let m)): append("<method \(m.builtin.name) of \(m.receiver.kindDescription)>")
        case .function(.user(let object)):
            if let fn = FunctionObject.from(object) { append("<fn \(fn.signature)>") } else { append("<fn>") }
        case .optimizer(let o): append("<optimizer \(o.kind)>")
        case .range(let r): append(r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))")
        case .iterator(let it): append("<\(it.name)>")
        }
    }

    mutating func writeItems(_ items: [Value]) {
        for (i, item) in items.enumerated() {
            if full { break }
            if i > 0 { append(", ") }
            write(item)
        }
    }
}

/// Numbers print in their shortest exact form (`3`, `0.5`, `1e-05`), as tensors' elements do.
func formatLanguageNumber(_ x: Double) -> String { formatNumber(x) }

/// Text echoed from outside (an error message, a source line) made safe for a terminal:
/// control characters other than newline and tab shown escaped.
public func terminalSafe(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || ($0.value >= 0x7F && $0.value < 0xA0) }) else { return text }
    var out = ""
    for c in text.unicodeScalars {
        if c == "\n" || c == "\t" { out.unicodeScalars.append(c) } else { appendEscapingControls(c, to: &out) }
    }
    return out
}

func formatTensorValue(_ t: Tensor) -> String { formatTensor(t) }
