import TensorRuntime
#if canImport(Glibc)
import Glibc
#endif

// libFuzzer target: arbitrary bytes as a .npy, a .npz and a .safetensors file. The readers take
// paths (they map the file), so each input is written to one scratch file under /dev/shm (or
// TMPDIR) and read by all three; every failure must be a thrown TensorError, never a trap.
// The 16 MiB tensor cap keeps "huge shape in a tiny file" from allocating before the size check.

nonisolated(unsafe) private var scratchPath: String = {
    let base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
    return "\(base)/attn-fuzz-files-\(getpid())"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func filesFuzzerTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Limits.maxTensorBytes = 16 << 20
    let fd = open(scratchPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    var written = 0
    while written < size {
        let n = write(fd, data + written, size - written)
        if n <= 0 { break }
        written += n
    }
    close(fd)
    var touched = 0
    // Touch every element so that a tensor pointing outside its mapping shows up under ASan.
    func consume(_ t: Tensor) {
        touched &+= t.toArray().count
        _ = t.description
    }
    if let t = try? Npy.read(scratchPath) { consume(t) }
    if let named = try? Npz.read(scratchPath) { for (_, t) in named { consume(t) } }
    if let named = try? Safetensors.read(scratchPath) { for (_, t) in named { consume(t) } }
    _ = try? Safetensors.metadata(scratchPath)
    return touched < 0 ? 1 : 0
}
