#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a thread with a 512 MiB stack and waits for it.
///
/// A tree walker recurses a few Swift frames per nested call; 1000 nested .attn calls (the
/// recursion limit) need more than the 8 MiB a main thread has. The stack is reserved, not
/// committed: untouched pages cost nothing.
func runOnLargeStack(_ body: @escaping () -> Void) {
    final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, LanguageLimits.statementStackBytes)
    let box = Unmanaged.passRetained(Box(body))
#if canImport(Glibc)
    var thread = pthread_t()
#else
    var thread: pthread_t?
#endif
    let started = pthread_create(&thread, &attributes, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
        box.body()
        return nil
    }, box.toOpaque())
    if started != 0 {
        // No thread (resource limits): run here; deep recursion is then bounded by the smaller stack.
        box.takeRetainedValue().body()
        return
    }
#if canImport(Glibc)
    pthread_join(thread, nil)
#else
    if let thread { pthread_join(thread, nil) }
#endif
}
