import TensorRuntime

// A model dict prints as PyTorch prints an nn.Module (LANGUAGE.md 9.4): a dict holding layers is
// an nn.ModuleDict, a list of layers inside it an nn.ModuleList (equal neighbours folded into
// `(0-1): 2 x Linear(...)`), each child on its own line indented by two spaces. Entries that are
// not layers (numbers, strings, tensors: a model's settings and state) are not modules, so the
// tree leaves them out, as PyTorch's repr leaves out plain attributes.

/// The module tree of `d`, or nil when `d` holds no layer (then it prints as a dict).
func moduleTree(_ d: DictObject) -> String? {
    var visiting: Set<ObjectIdentifier> = []
    guard holdsLayer(.dict(d), depth: 0, visiting: &visiting) else { return nil }
    return moduleRepr(.dict(d), depth: 0, visiting: &visiting)
}

/// Whether `v` is a layer or a dict or list with a layer somewhere inside.
private func holdsLayer(_ v: Value, depth: Int, visiting: inout Set<ObjectIdentifier>) -> Bool {
    guard depth < maxModelNesting else { return false }
    switch v {
    case .layer: return true
    case .dict(let d):
        guard visiting.insert(ObjectIdentifier(d)).inserted else { return false }
        defer { visiting.remove(ObjectIdentifier(d)) }
        return d.pairs.contains { holdsLayer($0.1, depth: depth + 1, visiting: &visiting) }
    case .list(let l):
        guard visiting.insert(ObjectIdentifier(l)).inserted else { return false }
        defer { visiting.remove(ObjectIdentifier(l)) }
        return l.items.contains { holdsLayer($0, depth: depth + 1, visiting: &visiting) }
    default: return false
    }
}

/// The repr of a layer, or of a dict or list of layers as ModuleDict / ModuleList.
private func moduleRepr(_ v: Value, depth: Int, visiting: inout Set<ObjectIdentifier>) -> String {
    switch v {
    case .layer(let l):
        return l.type.describe(l.layer)
    case .dict(let d):
        visiting.insert(ObjectIdentifier(d))
        defer { visiting.remove(ObjectIdentifier(d)) }
        var lines: [String] = []
        for (key, item) in d.pairs where holdsLayer(item, depth: depth + 1, visiting: &visiting) {
            lines.append("(\(key.text)): " + moduleRepr(item, depth: depth + 1, visiting: &visiting))
        }
        return container("ModuleDict", lines)
    case .list(let l):
        visiting.insert(ObjectIdentifier(l))
        defer { visiting.remove(ObjectIdentifier(l)) }
        // Runs of equal reprs at consecutive positions, as nn.ModuleList.__repr__ folds them.
        var runs: [(first: Int, last: Int, repr: String)] = []
        for (i, item) in l.items.enumerated() where holdsLayer(item, depth: depth + 1, visiting: &visiting) {
            let repr = moduleRepr(item, depth: depth + 1, visiting: &visiting)
            if let last = runs.last, last.repr == repr, last.last == i - 1 {
                runs[runs.count - 1].last = i
            } else {
                runs.append((i, i, repr))
            }
        }
        return container("ModuleList", runs.map { run in
            run.first == run.last ? "(\(run.first)): \(run.repr)"
                : "(\(run.first)-\(run.last)): \(run.last - run.first + 1) x \(run.repr)"
        })
    default:
        return ""
    }
}

/// `Name()` or `Name(` + one indented line per child + `)`.
private func container(_ name: String, _ children: [String]) -> String {
    guard !children.isEmpty else { return name + "()" }
    // A child spanning several lines is indented as a whole (PyTorch's _addindent).
    let body = children.map { "  " + $0.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n  ") }
    return name + "(\n" + body.joined(separator: "\n") + "\n)"
}
