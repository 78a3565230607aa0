#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a thread with a 512 MiB stack and waits for its result.
///
/// A tree walker recurses a few Swift frames per nested call; 1000 nested .attn calls (the
/// recursion limit) need more than the 8 MiB a main thread has. The stack is reserved, not
/// committed: untouched pages cost nothing. Called again from such a thread (the attn command
/// runs everything on one, then Session.run asks again), it runs `body` inline: a thread per
/// call would cost tens of microseconds per REPL entry and distort `:timeit`.
public func runOnLargeStack<T>(_ body: @escaping () -> T) -> T {
    if pthread_getspecific(LargeStack.marker) != nil { return body() }
    var result: T?
    LargeStack.run { result = body() }
    return result ?? body()
}

enum LargeStack {
    static let size = 512 << 20

    /// Set (non-nil) on threads that `run` started.
    static let marker: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private final class Job {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `body` on a new large-stack thread and joins it; runs it here if no thread can be had
    /// (resource limits), where deep recursion is then bounded by the smaller stack.
    static func run(_ body: @escaping () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, size)
        let job = Unmanaged.passRetained(Job(body))
#if canImport(Glibc)
        var thread = pthread_t()
#else
        var thread: pthread_t?
#endif
        let started = pthread_create(&thread, &attributes, { raw in
            pthread_setspecific(LargeStack.marker, raw)
            Unmanaged<Job>.fromOpaque(raw!).takeRetainedValue().body()
            return nil
        }, job.toOpaque())
        if started != 0 {
            job.takeRetainedValue().body()
            return
        }
#if canImport(Glibc)
        pthread_join(thread, nil)
#else
        if let thread { pthread_join(thread, nil) }
#endif
    }
}
