/// Process-wide allocator tuning for tensor workloads.
public enum Allocator {
    /// Keeps large freed buffers in the heap for reuse. glibc serves blocks above its mmap
    /// threshold with a fresh mmap and unmaps them on free, so a training loop that allocates
    /// the same multi-megabyte gradients every step (an embedding's [V, H] gradient) pays page
    /// faults and page clearing for each one. Call once at start-up, before tensors exist.
    public static func tuneForTensors() {
#if os(Linux)
        _ = glibcMallopt(glibcMmapThreshold, 256 << 20)
        _ = glibcMallopt(glibcTrimThreshold, 512 << 20)
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
