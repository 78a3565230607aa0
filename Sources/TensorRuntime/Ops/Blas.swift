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

/// Throws unless every size and leading dimension fits BLAS's 32-bit integers.
func checkBlasSizes(_ sizes: [Int], op: String) throws {
    for size in sizes where size > Int(Int32.max) {
        throw TensorError(op, "size \(size) is too large for BLAS (at most \(Int32.max))")
    }
}

/// C[M×N] = A[M×K] · B[K×N] (+ C when `accumulate`), C row-major with leading dimension N.
///
/// Always sgemm: measured on this machine against a SIMD Swift kernel and against sgemv for
/// single-row products (e.g. [1,256]·[256,10]), OpenBLAS's sgemm was as fast or faster in
/// every shape tried, so there is no separate small-product path.
@inline(__always)
func gemm(_ m: Int, _ n: Int, _ k: Int,
          _ a: UnsafeMutablePointer<Float>, _ la: MatrixLayout,
          _ b: UnsafeMutablePointer<Float>, _ lb: MatrixLayout,
          _ c: UnsafeMutablePointer<Float>, accumulate: Bool) {
    cblas_sgemm(CblasRowMajor, la.transposed ? CblasTrans : CblasNoTrans, lb.transposed ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(la.leading), b, Int32(lb.leading),
                accumulate ? 1 : 0, c, Int32(Swift.max(n, 1)))
}
