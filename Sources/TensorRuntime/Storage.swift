/// A flat float32 buffer. Tensors are strided views onto one; several views may share it.
public final class Storage {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Float>

    /// Uninitialised storage for `count` floats. Callers check the allocation cap first
    /// (see `Limits.checkedCount`); this initialiser only allocates.
    @usableFromInline
    init(uninitializedCount count: Int) {
        self.count = count
        // Always allocate at least one element so the pointer is valid for empty tensors.
        self.pointer = .allocate(capacity: Swift.max(count, 1))
    }

    @usableFromInline
    convenience init(zeroedCount count: Int) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: 0, count: Swift.max(count, 1))
    }

    deinit { pointer.deallocate() }
}
