/// A layer's parameters: the one place a layer states them, in PyTorch's registration order
/// under `state_dict` names. A sub-layer's table is included under a prefix (`out_proj.`), so
/// `out_proj.weight` read or assigned through the outer layer is the sub-layer's own tensor.
/// `Layer`'s extension builds `namedParameters`, `parameter(_:)` and `setParameter` on it.
public final class ParameterTable {
    private var names: [String] = []
    private var tensors: [Tensor] = []
    private var included: [(prefix: String, table: ParameterTable)] = []

    public init() {}

    /// Adds parameter `name` (made a trainable leaf); returns the slot the layer reads it by.
    @discardableResult
    public func register(_ name: String, _ tensor: Tensor) -> Int {
        tensor.requiresGrad = true
        names.append(name)
        tensors.append(tensor)
        return tensors.count - 1
    }

    /// Adds a sub-layer's parameters after this table's own, as `prefix + name`.
    public func include(_ table: ParameterTable, prefix: String) {
        included.append((prefix, table))
    }

    /// The tensor in `slot` (as returned by `register`).
    @inline(__always)
    public subscript(slot: Int) -> Tensor { tensors[slot] }

    /// Every parameter by name, own ones first, then included tables' in order.
    public var named: [(String, Tensor)] {
        var out = Array(zip(names, tensors))
        for (prefix, table) in included { out += table.named.map { (prefix + $0.0, $0.1) } }
        return out
    }

    /// The parameter called `name`, or nil; no list is built.
    public func tensor(named name: String) -> Tensor? {
        guard let (table, slot) = locate(name) else { return nil }
        return table.tensors[slot]
    }

    /// Replaces parameter `name` after checking its shape (see `validatedParameter`).
    func set(_ name: String, _ value: Tensor, layer: String) throws {
        guard let (table, slot) = locate(name) else {
            let known = named.map(\.0)
            throw TensorError("set_parameter", "\(layer) has no parameter \"\(name)\" ("
                + (known.isEmpty ? "it has no parameters" : "its parameters are " + known.joined(separator: ", ")) + ")")
        }
        table.tensors[slot] = try validatedParameter(layer: layer, name: name, current: table.tensors[slot], value: value)
    }

    private func locate(_ name: String) -> (ParameterTable, Int)? {
        if let i = names.firstIndex(of: name) { return (self, i) }
        for (prefix, table) in included where name.hasPrefix(prefix) {
            if let found = table.locate(String(name.dropFirst(prefix.count))) { return found }
        }
        return nil
    }
}
