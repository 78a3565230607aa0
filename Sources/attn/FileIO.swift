import TensorRuntime

/// Notebook files for the commands: read through the runtime's one reader and written through
/// its one atomic writer (`AtomicFile`), so every file attn writes gets the same guarantees.
enum FileIO {
    /// A notebook larger than this is refused before it is read: `attn check /dev/zero`-style
    /// inputs must end in an error, not an endless read.
    static let maxNotebookBytes = 64 << 20

    static func read(_ path: String, op: String = "read") throws -> [UInt8] {
        try FileContents(path, op: op, limit: maxNotebookBytes).array
    }

    /// Replaces `path` atomically; with `expecting`, only while it still holds those bytes.
    static func writeAtomically(_ bytes: [UInt8], to path: String, op: String = "write",
                                expecting original: [UInt8]? = nil) throws {
        try AtomicFile.write(bytes, to: path, op: op, expecting: original)
    }
}
