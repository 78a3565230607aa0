#if canImport(Glibc)
import Glibc
#endif

/// Runs `body(i)` for every `i` in `0..<count`, split into contiguous halves over the calling
/// thread and one more. Used for a batch of independent products whose items are each too
/// small for OpenBLAS's own threads (which would only hand the work back and forth): the two
/// halves run single-threaded sgemm side by side. A thread per call costs ~20–50 µs, so callers
/// split only work that takes well over that.
func runOnTwoThreads(_ count: Int, _ body: (Int) -> Void) {
    let half = (count + 1) / 2
    withoutActuallyEscaping(body) { body in
        let job = HalfJob(range: half..<count, body: body)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job).toOpaque()
        let started = pthread_create(&thread, nil, { raw in
            let job = Unmanaged<HalfJob>.fromOpaque(raw!).takeRetainedValue()
            for i in job.range { job.body(i) }
            return nil
        }, context)
        if started != 0 {
            // No thread to be had: the caller does both halves.
            Unmanaged<HalfJob>.fromOpaque(context).release()
            for i in half..<count { body(i) }
        }
        for i in 0..<half { body(i) }
        if started == 0 { pthread_join(thread, nil) }
    }
}

private final class HalfJob {
    let range: Range<Int>
    let body: (Int) -> Void
    init(range: Range<Int>, body: @escaping (Int) -> Void) {
        self.range = range
        self.body = body
    }
}
