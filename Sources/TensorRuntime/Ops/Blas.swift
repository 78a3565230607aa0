import CBLAS

/// OpenBLAS settings.
public enum Blas {
    /// Threads OpenBLAS may use for one product (threads hurt tiny products; see NOTES.md).
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(clamping: Swift.max(n, 1)))
    }

    public static var threads: Int { Int(openblas_get_num_threads()) }

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

/// C[M×N] = A[M×K] · B[K×N] (+ C when `accumulate`), C row-major with leading dimension N.
/// Small products use a plain loop: OpenBLAS's per-call set-up costs more than the arithmetic
/// there (measured in OpsPerformanceTests: [1,256]·[256,10] is ~3x faster in the loop).
@inline(__always)
func gemm(_ m: Int, _ n: Int, _ k: Int,
          _ a: UnsafeMutablePointer<Float>, _ la: MatrixLayout,
          _ b: UnsafeMutablePointer<Float>, _ lb: MatrixLayout,
          _ c: UnsafeMutablePointer<Float>, accumulate: Bool) {
    if m &* n &* k <= smallProductLimit {
        smallGemm(m, n, k, a, la, b, lb, c, accumulate: accumulate)
        return
    }
    cblas_sgemm(CblasRowMajor, la.transposed ? CblasTrans : CblasNoTrans, lb.transposed ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(la.leading), b, Int32(lb.leading),
                accumulate ? 1 : 0, c, Int32(Swift.max(n, 1)))
}

/// Products with at most this many multiply-adds skip BLAS.
var smallProductLimit = 4096

func smallGemm(_ m: Int, _ n: Int, _ k: Int,
               _ a: UnsafeMutablePointer<Float>, _ la: MatrixLayout,
               _ b: UnsafeMutablePointer<Float>, _ lb: MatrixLayout,
               _ c: UnsafeMutablePointer<Float>, accumulate: Bool) {
    // Element (i, p) of A and (p, j) of B, whichever way each is stored.
    let (ai, ap) = la.transposed ? (1, la.leading) : (la.leading, 1)
    let (bp, bj) = lb.transposed ? (1, lb.leading) : (lb.leading, 1)
    if !accumulate { c.initialize(repeating: 0, count: m &* n) }
    if bj == 1 {
        // Row of C += a[i, p] * row p of B: contiguous inner loop that vectorises.
        for i in 0..<m {
            let crow = c + i &* n
            for p in 0..<k {
                let av = a[i &* ai &+ p &* ap]
                let brow = b + p &* bp
                for j in 0..<n { crow[j] += av * brow[j] }
            }
        }
    } else {
        for i in 0..<m {
            for j in 0..<n {
                var acc: Float = 0
                for p in 0..<k { acc += a[i &* ai &+ p &* ap] * b[p &* bp &+ j &* bj] }
                c[i &* n &+ j] += acc
            }
        }
    }
}
