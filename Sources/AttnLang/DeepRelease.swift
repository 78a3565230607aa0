/// Frees deeply nested values without recursion: a list nested four million deep was freed
/// from inside each outer list's deinit, and the nesting overflowed the stack. A list's or
/// dict's deinit hands its elements to a queue that the outermost deinit drains; tuples met
/// there are opened up the same way, so their nesting costs no stack either.
enum DeepRelease {
    private static var pending: [Value] = []
    private static var draining = false

    static func release(_ items: inout [Value]) {
        guard items.contains(where: \.isContainer) else { return }
        pending.append(contentsOf: items)
        items = []
        guard !draining else { return }
        draining = true
        while !pending.isEmpty { openTupleAndDrop() }
        draining = false
    }

    /// Drops the last queued value; a tuple's containers are queued first. A function of its
    /// own so that no local copy outlives it (one alive after `draining` is reset would free
    /// its contents recursively).
    private static func openTupleAndDrop() {
        if case .tuple(let elements) = pending.removeLast(), elements.contains(where: \.isContainer) {
            pending.append(contentsOf: elements)
        }
    }
}

extension Value {
    /// Lists, dicts and tuples: the values that can nest.
    var isContainer: Bool {
        switch self {
        case .list, .dict, .tuple: return true
        default: return false
        }
    }
}
