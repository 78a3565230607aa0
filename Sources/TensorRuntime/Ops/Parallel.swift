import CKernels

/// Runs `body(i)` for every `i` in `0..<count` on the calling thread and attn's one worker thread
/// (`attn_parallel_chunks` in Sources/CKernels/parallel.c), which claim items in turn. Used for
/// work each piece of which is too small for OpenBLAS's own threads (a batch of small products,
/// each with single-threaded sgemm). Serial on one CPU, after `set_num_threads(1)`, and when nested.
func runOnTwoThreads(_ count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        var item = body
        withUnsafeMutablePointer(to: &item) { pointer in
            attn_parallel_chunks(Int32(count), { context, i in
                context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(Int(i))
            }, pointer)
        }
    }
}
