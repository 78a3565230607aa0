import CKernels

/// A flat float32 buffer. Tensors are strided views onto one; several views may share it.
public final class Storage {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>
    /// From `attn_large_buffer_take` (4 MiB and more: huge pages, reused after free) rather than
    /// the heap.
    private let isLargeBuffer: Bool

    /// Uninitialised storage for `count` floats. Callers check the allocation cap first
    /// (see `Limits.checkedCount`); this initialiser only allocates.
    @usableFromInline
    init(uninitializedCount count: Int) {
        self.count = count
        // The large path stays out of line: a tiny op allocates one storage, and inlining the
        // pool call cost every [1, 10] add ~20 instructions (callgrind).
        if _slowPath(count >= ATTN_LARGE_BUFFER_MIN_BYTES / MemoryLayout<Float>.stride),
           let buffer = Storage.largeBuffer(count) {
            pointer = buffer
            isLargeBuffer = true
        } else {
            // Always allocate at least one element so the pointer is valid for empty tensors.
            pointer = .allocate(capacity: Swift.max(count, 1))
            isLargeBuffer = false
        }
    }

    @inline(never)
    private static func largeBuffer(_ count: Int) -> UnsafeMutablePointer<Float>? {
        attn_large_buffer_take(count &* MemoryLayout<Float>.stride)?.bindMemory(to: Float.self, capacity: count)
    }

    @usableFromInline
    convenience init(zeroedCount count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    deinit {
        if _slowPath(isLargeBuffer) { attn_large_buffer_give(pointer, count &* MemoryLayout<Float>.stride) }
        else { pointer.deallocate() }
    }
}
