import XCTest
import TensorRuntime
import TestSupport
import CKernels

/// attn's own small-product kernels (every instruction set this CPU has) and the two-thread
/// batched product, against a double-precision product of the same elements.
final class OpsSmallProductTests: XCTestCase {
    override func tearDown() {
        Blas.useKernelISA(nil)
    }

    /// Σ_p a[.., i, p]·b[.., p, j] in Double, batch dimensions equal.
    private func reference(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let (m, k, n) = (a.shape[a.rank - 2], a.shape[a.rank - 1], b.shape[b.rank - 1])
        let batch = a.count / Swift.max(m * k, 1)
        let av = a.toArray(), bv = b.toArray()
        let bBatch = b.rank == 2 ? 0 : k * n
        var out = [Float](repeating: 0, count: batch * m * n)
        for t in 0..<batch {
            for i in 0..<m {
                for j in 0..<n {
                    var s = 0.0
                    for p in 0..<k { s += Double(av[t * m * k + i * k + p]) * Double(bv[t * bBatch + p * n + j]) }
                    out[t * m * n + i * n + j] = Float(s)
                }
            }
        }
        return try Tensor(shape: Array(a.shape.dropLast()) + [n], data: out)
    }

    /// The kernel itself on general shapes, every layout, with and without accumulation.
    func testKernelEveryLayoutAndInstructionSet() throws {
        manualSeed(3)
        // Sizes around the vector widths (8, 16, 32), the wide blocks (64, 128 columns), and
        // matrix-vector products large enough to be split over two threads (2^15 multiply-adds).
        let shapes: [(Int, Int, Int)] = [(1, 256, 10), (1, 1, 1), (3, 5, 7), (2, 17, 33), (4, 31, 16),
                                         (1, 64, 40), (5, 8, 9), (16, 16, 16), (1, 300, 1), (7, 1, 30), (9, 40, 1),
                                         (1, 130, 300), (1, 200, 1000), (700, 70, 1), (1, 1030, 129)]
        var tried = 0
        for isa in ["avx512", "avx2", "generic"] {
            guard Blas.useKernelISA(isa) else { continue }
            tried += 1
            for (m, k, n) in shapes {
                for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                    let a = try randn([m, k]), b = try randn([k, n]), c0 = try randn([m, n])
                    // The transposed layouts store the matrix's transpose row-major.
                    let aData = transA ? try a.transpose(0, 1).contiguous().toArray() : a.toArray()
                    let bData = transB ? try b.transpose(0, 1).contiguous().toArray() : b.toArray()
                    for accumulate in [false, true] {
                        var c = c0.toArray()
                        attn_gemm(Int32(m), Int32(n), Int32(k), aData, Int32(transA ? m : k), transA ? 1 : 0,
                                        bData, Int32(transB ? k : n), transB ? 1 : 0, &c, Int32(n), accumulate ? 1 : 0)
                        let expected = accumulate ? try reference(a, b) + c0 : try reference(a, b)
                        assertClose(c, expected.toArray(), atol: 1e-4, rtol: 1e-4,
                                    "\(isa) \(m)x\(k)x\(n) transA \(transA) transB \(transB) accumulate \(accumulate)")
                    }
                }
            }
        }
        XCTAssertGreaterThanOrEqual(tried, 1)
    }

    /// The packed kernel on shapes around its tile (8 or 6 rows, 32 or 16 columns) and its depth
    /// blocks (256 steps), every layout with leading dimensions wider than the matrix, with and
    /// without accumulation; the generic instruction set has none and says so.
    func testPackedKernelEveryLayoutAndInstructionSet() throws {
        manualSeed(11)
        let shapes: [(Int, Int, Int)] = [(1, 1, 1), (7, 3, 33), (8, 16, 32), (9, 17, 31), (6, 257, 16),
                                         (13, 300, 70), (130, 64, 65), (129, 513, 97), (5, 0, 4)]
        var tried = 0
        for isa in ["avx512", "avx2", "generic"] {
            guard Blas.useKernelISA(isa) else { continue }
            for (m, k, n) in shapes {
                for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
                    let a = try randn([m, k]), b = try randn([k, n]), c0 = try randn([m, n])
                    // Stored transposed when asked, each row padded by 3 floats.
                    func padded(_ t: Tensor, transposed: Bool) throws -> (data: [Float], leading: Int) {
                        let stored = transposed ? try t.transpose(0, 1).contiguous() : t
                        let (rows, cols) = (stored.shape[0], stored.shape[1])
                        let values = stored.toArray()
                        var data = [Float](repeating: .nan, count: rows * (cols + 3))
                        for r in 0..<rows { for c in 0..<cols { data[r * (cols + 3) + c] = values[r * cols + c] } }
                        return (data, cols + 3)
                    }
                    let (aData, lda) = try padded(a, transposed: transA), (bData, ldb) = try padded(b, transposed: transB)
                    for accumulate in [false, true] {
                        var c = c0.toArray()
                        let ran = attn_gemm_packed(Int32(m), Int32(n), Int32(k), aData, Int32(lda), transA ? 1 : 0,
                                                   bData, Int32(ldb), transB ? 1 : 0, &c, Int32(n), accumulate ? 1 : 0)
                        if isa == "generic" {
                            XCTAssertEqual(ran, 0)
                            continue
                        }
                        XCTAssertEqual(ran, 1)
                        let product = k == 0 ? try zeros([m, n]) : try reference(a, b)
                        let expected = accumulate ? try product + c0 : product
                        assertClose(c, expected.toArray(), atol: 1e-4, rtol: 1e-4,
                                    "\(isa) \(m)x\(k)x\(n) transA \(transA) transB \(transB) accumulate \(accumulate)")
                    }
                }
            }
            if isa != "generic" { tried += 1 }
        }
        XCTAssertGreaterThanOrEqual(tried, 1)
    }

    /// bmm items of at least 128 rows go to the packed kernel (Blas.packedKernelWins): the same
    /// product as OpenBLAS's, on both sides of the rule, and through the backward pass.
    func testPackedKernelThroughBmm() throws {
        manualSeed(12)
        let a = try randn([3, 130, 70]), b = try randn([3, 70, 96])
        a.requiresGrad = true
        b.requiresGrad = true
        let packed = try bmm(a, b)
        assertClose(packed, try reference(a.detach(), b.detach()), atol: 1e-4, rtol: 1e-4)
        try packed.sum().backward()
        let (gradA, gradB) = (a.grad!, b.grad!)
        Blas.useKernelISA("generic")
        let a2 = a.detach(), b2 = b.detach()
        a2.requiresGrad = true
        b2.requiresGrad = true
        let blas = try bmm(a2, b2)
        try blas.sum().backward()
        assertClose(packed, blas, atol: 1e-4, rtol: 1e-5)
        assertClose(gradA, a2.grad!, atol: 1e-4, rtol: 1e-5)
        assertClose(gradB, b2.grad!, atol: 1e-4, rtol: 1e-5)
        // Attention's scores q·kᵀ: B stored transposed.
        let q = try randn([2, 128, 64]), keys = try randn([2, 160, 64])
        let blasScores = try bmm(q, keys.transpose(1, 2))
        Blas.useKernelISA(nil)
        assertClose(try bmm(q, keys.transpose(1, 2)), blasScores, atol: 1e-4, rtol: 1e-5)
        assertClose(blasScores, try reference(q, keys.transpose(1, 2).contiguous()), atol: 1e-4, rtol: 1e-4)
    }

    /// A packed product from 2^20 multiply-adds runs as bands of rows on two threads; each
    /// element is the same FMA chain in any band, so the result equals one thread's bit for bit.
    func testPackedKernelBandsEqualOneThread() throws {
        manualSeed(13)
        let a = try randn([200, 130]), b = try randn([130, 96]), bT = try randn([96, 130])
        func products() throws -> [[Float]] {
            [try matmul(a, b).toArray(), try matmul(a, bT.transpose(0, 1)).toArray(),
             try matmul(a.transpose(0, 1).contiguous().transpose(0, 1), b).toArray()]
        }
        let split = try products()
        assertClose(try Tensor(shape: [200, 96], data: split[0]), try reference(a, b), atol: 1e-4, rtol: 1e-4)
        let threads = Blas.threads
        Blas.setThreads(1)
        defer { Blas.setThreads(threads) }
        XCTAssertEqual(split, try products())
    }

    /// Single-row and single-column products go to the kernel through matmul and linear.
    func testMatrixVectorProductsThroughTheRuntime() throws {
        manualSeed(6)
        for (m, k, n) in [(1, 256, 10), (1, 7, 3), (12, 33, 1), (1, 1, 1)] {
            let a = try randn([m, k]), b = try randn([k, n])
            assertClose(try matmul(a, b), try reference(a, b), atol: 1e-4, rtol: 1e-4)
            let bT = try randn([n, k]).transpose(0, 1)
            assertClose(try matmul(a, bT), try reference(a, bT.contiguous()), atol: 1e-4, rtol: 1e-4)
            let w = try randn([n, k]), bias = try randn([n])
            assertClose(try linear(a, w, bias), try reference(a, w.transpose(0, 1).contiguous()) + bias.view([1, n]),
                        atol: 1e-4, rtol: 1e-4)
        }
        let q = try randn([1, 1, 256]), keys = try randn([1, 256, 10])
        assertClose(try bmm(q, keys), try reference(q, keys), atol: 1e-4, rtol: 1e-4)
    }

    /// A matrix-vector product split over two threads computes every element as one thread
    /// does (chunks follow the kernels' blocks), so the results are equal bit for bit.
    func testMatrixVectorSplitEqualsOneThread() throws {
        manualSeed(7)
        let x = try randn([1, 512]), w = try randn([1000, 512]), m = try randn([512, 700]), col = try randn([512, 1])
        func products() throws -> [[Float]] {
            [try matmul(x, w.transpose(0, 1)).toArray(), try matmul(x, m).toArray(), try matmul(w, col).toArray()]
        }
        let split = try products()
        let threads = Blas.threads
        Blas.setThreads(1)
        defer { Blas.setThreads(threads) }
        XCTAssertEqual(split, try products())
    }

    func testBatchSplitOverTwoThreadsMatchesOneThread() throws {
        manualSeed(4)
        // 64 items of 64·64·64 multiply-adds: above the split threshold, each under OpenBLAS's.
        let a = try randn([64, 64, 64]), b = try randn([64, 64, 64])
        let split = try bmm(a, b)
        var oneByOne: [Tensor] = []
        for t in 0..<64 { oneByOne.append(try matmul(a.index([.at(t)]), b.index([.at(t)]))) }
        assertClose(split, try stack(oneByOne, dim: 0), atol: 1e-4, rtol: 1e-5)
        // Broadcast batch dimensions go through the same offsets.
        let c = try randn([4, 1, 32, 48]), d = try randn([1, 8, 48, 40])
        let broadcast = try matmul(c, d)
        XCTAssertEqual(broadcast.shape, [4, 8, 32, 40])
        let item = try matmul(c.index([.at(3), .at(0)]), d.index([.at(0), .at(5)]))
        assertClose(try broadcast.index([.at(3), .at(5)]), item, atol: 1e-4, rtol: 1e-5)
    }

    func testGradientsThroughSmallProducts() throws {
        manualSeed(5)
        let a = try randn([2, 3, 5]), b = try randn([2, 5, 4])
        a.requiresGrad = true
        b.requiresGrad = true
        try sum(bmm(a, b)).backward()
        // d/da Σ(a·b) = 1·bᵀ summed over columns: each a[t, i, p] gets Σ_j b[t, p, j].
        let expectedA = try sum(b, dims: [2], keepdim: false).unsqueeze(1).expand([2, 3, 5])
        assertClose(a.grad!, expectedA, atol: 1e-5)
        let expectedB = try sum(a, dims: [1], keepdim: false).unsqueeze(2).expand([2, 5, 4])
        assertClose(b.grad!, expectedB, atol: 1e-5)
    }
}
