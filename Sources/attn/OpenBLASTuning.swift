import Glibc
import TensorRuntime

/// Debian's OpenBLAS 0.3.21 predates Zen 5 and may pick its Haswell kernels there; with
/// `OPENBLAS_CORETYPE=SkylakeX` sgemm then runs about twice as fast. The library is linked, so
/// it has read its environment before `main` runs: the only way to give it the variable is to
/// set it and exec ourselves again. The set variable is also the loop guard. The library is
/// asked first which kernels it chose: where it already chose an AVX-512 family (this machine's
/// OpenBLAS picks Cooperlake), exec'ing again would only cost start-up time.
enum OpenBLASTuning {
    /// Kernel families that already use AVX-512.
    static let avx512Cores: Set<String> = ["SkylakeX", "Cooperlake", "SapphireRapids"]

    static func reexecIfNeeded() {
        guard getenv("OPENBLAS_CORETYPE") == nil, !avx512Cores.contains(Blas.coreName), cpuHasAVX512F() else { return }
        guard setenv("OPENBLAS_CORETYPE", "SkylakeX", 1) == 0 else { return }
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // exec failed (no /proc?): go on with the default kernels, and keep the environment
        // as we found it so child processes do not inherit a setting we did not act on.
        unsetenv("OPENBLAS_CORETYPE")
    }

    /// Reads `/proc/cpuinfo` up to the end of the first `flags` line, which lists the boot
    /// CPU's features; never claims AVX-512 on a read error.
    static func cpuHasAVX512F() -> Bool {
        let fd = open("/proc/cpuinfo", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while text.count < 1 << 16 {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            text += chunk[0..<n]
            if let flags = flagsLine(in: text) { return flags.contains("avx512f") }
        }
        return flagsLine(in: text)?.contains("avx512f") ?? false
    }

    /// The words of the first complete `flags : ...` line, nil until one has been read.
    private static func flagsLine(in text: [UInt8]) -> Set<Substring>? {
        var start = 0
        for i in text.indices where text[i] == UInt8(ascii: "\n") {
            let line = text[start..<i]
            start = i + 1
            guard line.starts(with: "flags".utf8), let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let words = String(decoding: line[(colon + 1)...], as: UTF8.self)
            return Set(words.split(separator: " "))
        }
        return nil
    }
}
