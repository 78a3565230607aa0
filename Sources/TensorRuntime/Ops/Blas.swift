import CBLAS
import CKernels

/// OpenBLAS settings.
public enum Blas {
    /// Threads OpenBLAS may use for a large product (small ones always run on one thread).
    public static func setThreads(_ n: Int) {
        maxThreads = Swift.max(n, 1)
        attn_parallel_set_enabled(maxThreads >= 2 ? 1 : 0)
        activeThreads = maxThreads
        openblas_set_num_threads(Int32(clamping: maxThreads))
    }

    public static var threads: Int { maxThreads }

    static var maxThreads = Int(openblas_get_num_threads())
    static var activeThreads = maxThreads

    /// Products with fewer multiply-adds than this run on one thread. OpenBLAS splits much
    /// smaller products across its threads, whose spin-and-yield hand-offs then cost more than
    /// the product: in an LSTM + attention training step (hidden 256) a third of the wall time
    /// was the scheduler and sched_yield. 2^22 is a 160×160×160 product.
    static let parallelMinimumWork = 1 << 22

    @inline(__always)
    static func useThreads(forWork work: Int) {
        let wanted = work < parallelMinimumWork ? 1 : maxThreads
        if wanted != activeThreads {
            openblas_set_num_threads(Int32(wanted))
            activeThreads = wanted
        }
    }

    /// Whether a batch of `count` products of `itemWork` multiply-adds each should run as two
    /// halves on two threads: only when each item is too small for OpenBLAS's own threads and
    /// the batch is large enough to pay for starting a thread (~2^20 multiply-adds ≈ 10 µs).
    static func splitsBatch(count: Int, itemWork: Int) -> Bool {
        guard maxThreads >= 2, count >= 2, itemWork < parallelMinimumWork,
              count &* itemWork >= 1 << 20 else { return false }
        // Settle OpenBLAS on one thread here, so the two halves never change it concurrently.
        useThreads(forWork: itemWork)
        return true
    }

    /// Whether attn's packed kernel (`attn_gemm_packed`) runs this product (under the size from
    /// which OpenBLAS uses its threads) faster than OpenBLAS's sgemm, as `make bench-kernels` measured on both CPU kinds (Benchmarks/RESULTS.md):
    /// from 128 rows of C with the other sides at least 64, B in either layout, e.g. each product
    /// of a bmm [64, 128, 128] (its A streams from memory while the tiles compute). With fewer
    /// rows, OpenBLAS's small-matrix kernels win on AVX-512.
    @inline(__always)
    static func packedKernelWins(_ m: Int, _ n: Int, _ k: Int, work: Int) -> Bool {
        m >= 128 && n >= 64 && k >= 64 && work < parallelMinimumWork
    }

    /// The instruction set of attn's own kernels ("avx512", "avx2" or "generic"); the
    /// `ATTN_ISA` environment variable picks a lower one, to measure each on one machine.
    public static var kernelISA: String { String(cString: attn_kernels_isa()) }

    /// Switches attn's kernels to `isa` (nil: the best the CPU has); false when the CPU lacks it.
    @discardableResult
    public static func useKernelISA(_ isa: String?) -> Bool {
        guard let isa else { return attn_kernels_use(nil) != 0 }
        return attn_kernels_use(isa) != 0
    }

    /// The kernel family OpenBLAS chose for this CPU (e.g. "Haswell", "SkylakeX").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }
}

/// How BLAS can read a (rows × cols) matrix stored with the given strides without a copy:
/// row-major (`transposed` false, leading dimension = row stride) or column-major, i.e. the
/// row-major transpose (`transposed` true, leading dimension = column stride). nil when
/// neither stride is 1 (or a stride is 0 from expand), so the caller copies.
@usableFromInline
struct MatrixLayout {
    @usableFromInline let transposed: Bool
    @usableFromInline let leading: Int

    @inlinable
    init(transposed: Bool, leading: Int) {
        self.transposed = transposed
        self.leading = Swift.max(leading, 1)
    }

    @inlinable
    init?(rows: Int, cols: Int, rowStride: Int, colStride: Int) {
        if (colStride == 1 || cols == 1) && (rows == 1 || rowStride >= Swift.max(cols, 1)) {
            transposed = false
            leading = rows == 1 ? Swift.max(cols, 1) : rowStride
        } else if (rowStride == 1 || rows == 1) && (cols == 1 || colStride >= Swift.max(rows, 1)) {
            transposed = true
            leading = cols == 1 ? Swift.max(rows, 1) : colStride
        } else {
            return nil
        }
    }
}

/// Throws unless a size or leading dimension (pass the largest) fits BLAS's 32-bit integers.
@inline(__always)
func checkBlasSize(_ size: Int, op: String) throws {
    if size > Int(Int32.max) {
        throw TensorError(op, "size \(size) is too large for BLAS (at most \(Int32.max))")
    }
}

/// C[M×N] = A[M×K] · B[K×N] (+ C when `accumulate`), C row-major with leading dimension N.
///
/// A single row or column (a decoder step's [1, H]·Wᵀ, one query against a few encoder states,
/// an RNN's input gradient) is a matrix-vector product, run by attn's own kernel in every size
/// and layout, vectorised for the CPU and split over two threads from 2^15 multiply-adds: about
/// twice sgemv's speed ([1, 2000]·[2000, 256]: 18 against 30 µs; Benchmarks/RESULTS.md). sgemm
/// would pack (copy) the whole matrix on every call (44% of workload 4's instructions once), and
/// with OpenBLAS's Zen/Haswell kernels a [1, 256]·[256, 10] sgemm takes 0.8–0.9 µs against
/// ~0.15 µs. Outer products take a direct loop; products of 128 rows and more under 2^22
/// multiply-adds attn's packed kernel (`Blas.packedKernelWins`); everything else goes to sgemm.
@inline(__always)
func gemm(_ m: Int, _ n: Int, _ k: Int,
          _ a: UnsafeMutablePointer<Float>, _ la: MatrixLayout,
          _ b: UnsafeMutablePointer<Float>, _ lb: MatrixLayout,
          _ c: UnsafeMutablePointer<Float>, accumulate: Bool) {
    if m == 1 || n == 1 {
        attn_gemm(Int32(m), Int32(n), Int32(k), a, Int32(la.leading), la.transposed ? 1 : 0,
                  b, Int32(lb.leading), lb.transposed ? 1 : 0, c, Int32(Swift.max(n, 1)), accumulate ? 1 : 0)
        return
    }
    let work = m &* n &* k
    if Blas.packedKernelWins(m, n, k, work: work),
       attn_gemm_packed(Int32(m), Int32(n), Int32(k), a, Int32(la.leading), la.transposed ? 1 : 0,
                        b, Int32(lb.leading), lb.transposed ? 1 : 0, c, Int32(n), accumulate ? 1 : 0) != 0 {
        return
    }
    if k == 1 && m &* n >= outerProductMinimumElements {
        // An outer product (a weight's gradient from one time step, [N, 1]·[1, K]). sgemm with
        // beta 0 first clears all of C (sgemm_beta's memset: a quarter of a training step's
        // instructions in workload 5), then adds the rank-1 result; one pass writes it.
        let ai = la.transposed ? 1 : la.leading        // element (i, 0) of A
        let bj = lb.transposed ? lb.leading : 1        // element (0, j) of B
        attn_outer(Int32(m), Int32(n), a, ai, b, bj, c, accumulate ? 1 : 0)
        return
    }
    let beta: Float = accumulate ? 1 : 0
    Blas.useThreads(forWork: work)
    cblas_sgemm(CblasRowMajor, la.transposed ? CblasTrans : CblasNoTrans, lb.transposed ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(la.leading), b, Int32(lb.leading),
                beta, c, Int32(Swift.max(n, 1)))
}

/// Outer products of at least this many elements take the direct loop.
let outerProductMinimumElements = 16_384
