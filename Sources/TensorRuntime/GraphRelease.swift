/// Frees autograd graphs without recursion. A graph kept alive by mistake (`total += loss`
/// over millions of steps, as in the classic PyTorch slip) is a chain millions of nodes long;
/// releasing its head released each node from inside the previous one's deinit, and the
/// nesting overflowed the stack. Instead, a tensor's deinit hands its `GradFn` to a queue that
/// the outermost deinit drains, so any chain is freed at constant stack depth.
enum GraphRelease {
    private static var pending: [GradFn] = []
    private static var draining = false

    /// Empties `slot`, queueing its node first so the queue holds a reference before the
    /// slot's is dropped; the outermost call then frees the queue.
    static func release(_ slot: inout GradFn?) {
        guard enqueue(&slot), !draining else { return }
        draining = true
        // Popping drops the queue's reference; a node freed here releases its inputs, whose
        // own deinits only enqueue their nodes (draining is set) and return.
        while !pending.isEmpty { pending.removeLast() }
        draining = false
    }

    /// A separate function so that no local copy of the node outlives the call: one held to
    /// the end of `release` would free the node after `draining` is reset, recursively.
    private static func enqueue(_ slot: inout GradFn?) -> Bool {
        guard let fn = slot else { return false }
        pending.append(fn)
        slot = nil
        return true
    }
}
