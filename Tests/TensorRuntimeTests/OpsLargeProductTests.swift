import XCTest
import TensorRuntime
import TestSupport

/// Products of 2^22 multiply-adds and more: two bands of C, each a single-threaded sgemm on one
/// of attn's two threads, with OpenBLAS's own threads stopped (Blas.settleOpenBLAS).
final class OpsLargeProductTests: XCTestCase {
    /// Σ_p a[i, p]·b[p, j] in Double.
    private func reference(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        let av = try a.contiguous().toArray(), bv = try b.contiguous().toArray()
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var s = 0.0
                for p in 0..<k { s += Double(av[i * k + p]) * Double(bv[p * n + j]) }
                out[i * n + j] = Float(s)
            }
        }
        return try Tensor(shape: [m, n], data: out)
    }

    /// Bands of rows (C at least as tall as wide) and of columns, with A or B stored transposed,
    /// on two threads and on one.
    func testBandsInEveryLayoutMatchADoubleProduct() throws {
        manualSeed(21)
        let threads = Blas.threads
        defer { Blas.setThreads(threads) }
        for (m, k, n) in [(300, 150, 100), (100, 150, 300), (170, 170, 170), (161, 7000, 5)] {
            XCTAssertGreaterThanOrEqual(m * k * n, 1 << 22)
            let a = try randn([m, k]), b = try randn([k, n])
            let expected = try reference(a, b)
            let aT = try a.transpose(0, 1).contiguous().transpose(0, 1)
            let bT = try b.transpose(0, 1).contiguous().transpose(0, 1)
            for count in [2, 1] {
                Blas.setThreads(count)
                for (x, y) in [(a, b), (aT, b), (a, bT), (aT, bT)] {
                    assertClose(try matmul(x, y), expected, atol: 1e-3, rtol: 1e-4)
                }
            }
        }
    }

    /// The backward pass of a large product: each gradient is itself a large product.
    func testGradientsOfALargeProduct() throws {
        manualSeed(22)
        let a = try randn([256, 200]), b = try randn([200, 180])
        a.requiresGrad = true
        b.requiresGrad = true
        try matmul(a, b).sum().backward()
        // d/da Σ(a·b) = 1·bᵀ: every row is b's row sums; d/db = aᵀ·1: every column is a's column sums.
        let rowSums = try b.detach().sum(dims: [1]).toArray(), columnSums = try a.detach().sum(dims: [0]).toArray()
        let gradA = a.grad!.toArray(), gradB = b.grad!.toArray()
        for i in [0, 127, 128, 255] {
            assertClose(Array(gradA[(i * 200)..<(i * 200 + 200)]), rowSums, atol: 1e-3, rtol: 1e-4)
        }
        for j in [0, 90, 179] {
            assertClose((0..<200).map { gradB[$0 * 180 + j] }, columnSums, atol: 1e-3, rtol: 1e-4)
        }
    }

    /// OpenBLAS's threads stay stopped through large products and thread changes up to two;
    /// a huge product starts them and the next smaller product stops them again; a count above
    /// two starts them, and two stops them.
    func testOpenBLASThreadsRunOnlyForHugeProductsOrCountsAboveTwo() throws {
        let threads = Blas.threads
        defer { Blas.setThreads(threads) }
        Blas.setThreads(2)
        guard Blas.openBLASThreadsRunning != nil else { throw XCTSkip("this OpenBLAS does not export its thread state") }
        XCTAssertEqual(Blas.openBLASThreadsRunning, false)
        let a = try randn([400, 300]), b = try randn([300, 200])
        let inBands = try matmul(a, b)
        Blas.setThreads(1)
        // Equal bit for bit with OpenBLAS's SkylakeX kernels, not with every family (Zen).
        assertClose(try matmul(a, b), inBands, atol: 1e-4, rtol: 1e-5)
        Blas.setThreads(2)
        XCTAssertEqual(Blas.openBLASThreadsRunning, false)
        // 1200³ multiply-adds: above Blas.sharedPackingMinimumWork.
        let big = try randn([1200, 1200])
        let huge = try matmul(big, big)
        XCTAssertEqual(Blas.openBLASThreadsRunning, true)
        _ = try matmul(a, b)
        XCTAssertEqual(Blas.openBLASThreadsRunning, false)
        assertClose(try matmul(big, big), huge, atol: 1e-3, rtol: 1e-5)
        Blas.setThreads(3)
        let onOpenBLASThreads = try matmul(a, b)
        XCTAssertEqual(Blas.openBLASThreadsRunning, true)
        Blas.setThreads(2)
        XCTAssertEqual(Blas.openBLASThreadsRunning, false)
        assertClose(inBands, onOpenBLASThreads, atol: 1e-4, rtol: 1e-5)
    }
}
