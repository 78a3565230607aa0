import CBLAS
import CKernels

/// OpenBLAS settings.
public enum Blas {
    /// Threads tensor work may use (`set_num_threads`). With two, attn's own two threads (the
    /// caller and its one worker) run a large sgemm as two bands (`attn_gemm_in_bands`) and
    /// OpenBLAS's two threads only the largest (`onOpenBLASThreads`); above two, OpenBLAS's
    /// threads run every large product.
    public static func setThreads(_ n: Int) {
        maxThreads = Swift.max(n, 1)
        attn_parallel_set_enabled(maxThreads >= 2 ? 1 : 0)
        settleOpenBLAS()
    }

    public static var threads: Int { maxThreads }

    /// Stops OpenBLAS's threads where attn's two cover the machine (see `settleOpenBLAS`); each
    /// `Session` calls it as it starts, so they do not take a CPU for their first ~0.1 s.
    public static func settleThreads() {
        settleOpenBLAS()
    }

    static var maxThreads = Int(openblas_get_num_threads())
    static var activeThreads = maxThreads

    /// Gives OpenBLAS the thread count it runs large products with, and stops its threads when
    /// that is one: an idle OpenBLAS thread waits for work in a `sched_yield` loop for 2^28
    /// cycles (~0.1 s) after the library loads and after every product it ran, taking a CPU
    /// from attn's worker meanwhile (a bmm right after an sgemm ran at half speed for ~60 ms;
    /// every start cost ~0.09 s of system time). Setting OpenBLAS's count, even to 1, restarts
    /// stopped threads, so it is set only when it changes.
    private static func settleOpenBLAS() {
        let wanted = openBLASUsesThreads ? maxThreads : 1
        if wanted != activeThreads {
            openblas_set_num_threads(Int32(clamping: wanted))
            activeThreads = wanted
        }
        if !openBLASUsesThreads { _ = attn_openblas_stop_threads() }
        openBLASThreadsAwake = false
    }

    /// Whether OpenBLAS's threads exist (nil: this OpenBLAS does not say); for tests.
    public static var openBLASThreadsRunning: Bool? {
        let state = attn_openblas_threads_running()
        return state < 0 ? nil : state == 1
    }

    /// From this size (a 1170³ product) a product runs on OpenBLAS's two threads after all,
    /// which share the copies of B that two bands each make. sgemm 2048 ran ~5 % faster that
    /// way (then as `interruptibleGemm`'s blocks of 512 rows); 512 and 1024 ran as fast or faster
    /// as bands (Benchmarks/RESULTS.md).
    static let sharedPackingMinimumWork = 3 << 29

    /// Whether OpenBLAS's threads were started for such a product and may still spin.
    static var openBLASThreadsAwake = false

    /// Runs a product of at least `sharedPackingMinimumWork` on OpenBLAS's two threads. They
    /// stay for the next such product (starting them again costs 2–4 % of a 2048³ product)
    /// until any other product stops them (`quietOpenBLAS`).
    static func onOpenBLASThreads(_ body: () -> Void) {
        if !openBLASThreadsAwake || activeThreads != 2 {
            openblas_set_num_threads(2)
            activeThreads = 2
            openBLASThreadsAwake = true
        }
        body()
    }

    /// Stops OpenBLAS's threads if a large product started them, before attn's worker runs
    /// anything beside them. Called on the calling thread before any split.
    @inline(__always)
    static func quietOpenBLAS() {
        if openBLASThreadsAwake { settleOpenBLAS() }
    }

    /// Whether a large product uses OpenBLAS's threads (more than attn's two are allowed).
    static var openBLASUsesThreads: Bool { maxThreads > 2 }

    /// Products with fewer multiply-adds than this run on one thread. OpenBLAS splits much
    /// smaller products across its threads, whose spin-and-yield hand-offs then cost more than
    /// the product: in an LSTM + attention training step (hidden 256) a third of the wall time
    /// was the scheduler and sched_yield. 2^22 is a 160×160×160 product.
    static let parallelMinimumWork = 1 << 22

    @inline(__always)
    static func useThreads(forWork work: Int) {
        // Changes the count only where OpenBLAS's threads serve large products at all.
        let wanted = work < parallelMinimumWork || !openBLASUsesThreads ? 1 : maxThreads
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
        quietOpenBLAS()
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
    let work = m &* n &* k
    if work < Blas.sharedPackingMinimumWork { Blas.quietOpenBLAS() }
    if m == 1 || n == 1 {
        attn_gemm(Int32(m), Int32(n), Int32(k), a, Int32(la.leading), la.transposed ? 1 : 0,
                  b, Int32(lb.leading), lb.transposed ? 1 : 0, c, Int32(Swift.max(n, 1)), accumulate ? 1 : 0)
        return
    }
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
    let (transA, transB): (Int32, Int32) = (la.transposed ? 1 : 0, lb.transposed ? 1 : 0)
    let (lda, ldb, ldc) = (Int32(la.leading), Int32(lb.leading), Int32(Swift.max(n, 1)))
    if work >= Blas.sharedPackingMinimumWork && Blas.maxThreads == 2 {
        Blas.onOpenBLASThreads {
            sgemmProduct(Int32(m), Int32(n), Int32(k), a, lda, transA, b, ldb, transB, c, ldc, accumulate ? 1 : 0)
        }
        return
    }
    Blas.useThreads(forWork: work)
    if work >= Blas.parallelMinimumWork && Blas.maxThreads == 2 {
        // Two bands of C's rows (columns when C is wider than tall), single-threaded sgemm calls
        // on attn's two threads: as fast as OpenBLAS's own two threads up to 1024³ or faster
        // (sgemm 512 with Zen kernels: 207 against 151–159 GFLOP/s), and OpenBLAS's threads,
        // which would then spin beside attn's worker, stay stopped (`Blas.settleOpenBLAS`). The
        // split falls on a multiple of 32, the unroll of OpenBLAS's kernels.
        let columns = m < n
        let extent = columns ? n : m
        let band = Swift.min((extent / 2 + 31) / 32 * 32, extent)
        attn_gemm_in_bands(sgemmProduct, columns ? 1 : 0, Int32(band), Int32(m), Int32(n), Int32(k),
                           a, lda, transA, b, ldb, transB, c, ldc, accumulate ? 1 : 0)
    } else {
        sgemmProduct(Int32(m), Int32(n), Int32(k), a, lda, transA, b, ldb, transB, c, ldc, accumulate ? 1 : 0)
    }
}

/// cblas_sgemm in the form of attn's product kernels (`attn_gemm_fn`), so that
/// `attn_gemm_in_bands` can cut it into bands.
let sgemmProduct: attn_gemm_fn = { m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate in
    cblas_sgemm(CblasRowMajor, transA != 0 ? CblasTrans : CblasNoTrans, transB != 0 ? CblasTrans : CblasNoTrans,
                m, n, k, 1, a, lda, b, ldb, accumulate != 0 ? 1 : 0, c, ldc)
}

/// Outer products of at least this many elements take the direct loop.
let outerProductMinimumElements = 16_384
