import CKernels

/// Process-wide allocator tuning for tensor workloads.
public enum Allocator {
    /// At most this much freed memory is kept for reuse, by the heap and by the large-buffer
    /// pool each (the pool keeps no buffer over half of it): 512 MiB, or an eighth of the memory
    /// limit (`Limits.maxTensorBytes`, at start-up the smallest of half the memory, `ulimit` and
    /// the cgroup's limit) when that is less.
    static var keptFreeBytes: Int { Swift.min(512 << 20, Limits.maxTensorBytes / 8) }

    /// Keeps freed buffers for reuse. glibc serves blocks above its mmap threshold with a fresh
    /// mmap and unmaps them on free, so a training loop that allocates the same multi-megabyte
    /// gradients every step (an embedding's [V, H] gradient) pays page faults and page clearing
    /// for each one; buffers of 4 MiB and more (`attn_large_buffer_take`, huge pages) are kept
    /// by size. Call once at start-up, before tensors exist.
    public static func tuneForTensors() {
        let kept = keptFreeBytes
        attn_large_buffers_keep(kept)
#if os(Linux)
        _ = glibcMallopt(glibcMmapThreshold, 256 << 20)
        _ = glibcMallopt(glibcTrimThreshold, Int32(kept))
#endif
    }
}

#if os(Linux)
// <malloc.h> is not part of Swift's Glibc module; these are glibc's documented values.
private let glibcTrimThreshold: Int32 = -1   // M_TRIM_THRESHOLD
private let glibcMmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD

@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
