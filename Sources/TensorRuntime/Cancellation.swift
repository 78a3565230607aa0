/// Cooperative cancellation of long ops (Ctrl-C). The runtime knows nothing of signals or of
/// the language: whoever handles the interrupt sets `requested`, and ops that can run for long
/// (a big matrix product, a recurrence over thousands of steps) call `check` between chunks of
/// work — never inside a kernel's inner loop — and stop with a `TensorError` whose
/// `isInterruption` is true. Clear `requested` before the next op should run.
public enum Cancellation {
    nonisolated(unsafe) public static var requested = false

    /// The message of the error `check` throws.
    public static let message = "interrupted"

    @inline(__always)
    public static func check(_ op: String) throws {
        if requested { throw TensorError(op, message) }
    }

    /// Rows of an [M, K]·[K, N] product per block so that one block is about 2^33
    /// multiply-adds (~85 ms at 200 GFLOP/s), at least 256 rows. Each block copies the whole
    /// right-hand matrix again: with huge pages (`attn_large_buffer_take`), sgemm 2048 ran
    /// 3–4 % faster as one call than as four blocks of 2^31 (Benchmarks/RESULTS.md).
    static func rowsPerBlock(n: Int, k: Int) -> Int {
        Swift.max(256, (1 << 33) / Swift.max(n &* k, 1))
    }
}

extension TensorError {
    /// True for the error of an op stopped by `Cancellation`.
    public var isInterruption: Bool { message == Cancellation.message }
}

/// `gemm` in blocks of rows with a cancellation check between blocks; the same as one `gemm`
/// when the product is small enough to finish quickly.
@inline(__always)
func interruptibleGemm(_ m: Int, _ n: Int, _ k: Int,
                       _ a: UnsafeMutablePointer<Float>, _ la: MatrixLayout,
                       _ b: UnsafeMutablePointer<Float>, _ lb: MatrixLayout,
                       _ c: UnsafeMutablePointer<Float>, accumulate: Bool, op: String) throws {
    let rows = Cancellation.rowsPerBlock(n: n, k: k)
    guard rows < m else {
        gemm(m, n, k, a, la, b, lb, c, accumulate: accumulate)
        return
    }
    var i = 0
    while i < m {
        try Cancellation.check(op)
        let count = Swift.min(rows, m &- i)
        // Row i of A starts i elements in when A is stored transposed, i rows in otherwise.
        gemm(count, n, k, a + (la.transposed ? i : i &* la.leading), la, b, lb, c + i &* n, accumulate: accumulate)
        i &+= count
    }
}
