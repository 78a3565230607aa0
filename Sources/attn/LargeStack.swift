import Glibc

/// Runs `body` on a new thread with a 512 MiB stack and returns its result. Every Session call
/// happens there, so deep recursion in user code meets the language's own depth limit long
/// before it could overflow a stack (the main thread's is 8 MiB). The stack is only reserved
/// address space: pages are touched as recursion reaches them.
func runOnLargeStack(_ body: @escaping () -> Int32) -> Int32 {
    final class Job {
        let body: () -> Int32
        var result: Int32 = 1
        init(_ body: @escaping () -> Int32) { self.body = body }
    }
    let job = Job(body)
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    var thread = pthread_t()
    let context = Unmanaged.passRetained(job).toOpaque()
    for size in [512 << 20, 64 << 20] {
        pthread_attr_setstacksize(&attributes, size)
        let started = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            let job = Unmanaged<Job>.fromOpaque(raw).takeUnretainedValue()
            // The main thread blocks SIGINT so that Ctrl-C interrupts this thread's reads.
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
            job.result = job.body()
            return nil
        }, context)
        if started == 0 {
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            pthread_sigmask(SIG_BLOCK, &set, nil)
            pthread_join(thread, nil)
            Unmanaged<Job>.fromOpaque(context).release()
            return job.result
        }
    }
    // No thread (address space exhausted): run here rather than not at all.
    Unmanaged<Job>.fromOpaque(context).release()
    return body()
}
