import XCTest
import Foundation
import TensorRuntime
import CKernels
#if canImport(Glibc)
import Glibc
#endif

/// attn's vectorised exp, sigmoid and softmax rows (every instruction set this CPU has) against
/// double-precision references, including the values at the edges of float's range.
final class ElementKernelTests: XCTestCase {
    override func tearDown() {
        Blas.useKernelISA(nil)
    }

    private var instructionSets: [String] {
        ["avx512", "avx2", "generic"].filter { Blas.useKernelISA($0) }
    }

    /// Within `ulps` units in the last place of the float nearest the exact value; NaN and the
    /// infinities must match exactly.
    private func assertNear(_ got: Float, _ exact: Double, ulps: Float = 3, _ message: String) {
        let want = Float(exact)
        if want.isNaN || !want.isFinite || want == 0 {
            XCTAssert(got == want || (got.isNaN && want.isNaN) || (want == 0 && abs(got) < 1e-37), "\(message): \(got) vs \(want)")
            return
        }
        XCTAssertLessThanOrEqual(abs(got - want), ulps * want.ulp + Float.leastNormalMagnitude, "\(message): \(got) vs \(want)")
    }

    func testExpAndSigmoidOverTheRange() {
        var xs: [Float] = [0, 1, -1, 0.5, -0.5, 1e-8, -1e-8, 10, -10, 80, 88.5, 88.7, 89, 200, -87, -90, -100,
                           -103.9, -104, -200, .infinity, -.infinity, .nan]
        for i in 0..<2000 { xs.append(Float(i) * 0.0873 - 87.3) }
        XCTAssertGreaterThanOrEqual(instructionSets.count, 1)
        for isa in instructionSets {
            _ = Blas.useKernelISA(isa)
            for count in [xs.count, 1, 7, 16, 17, 33] {  // tails shorter than a register
                let input = Array(xs.prefix(count))
                var e = [Float](repeating: -1, count: count), s = e
                attn_exp(input, &e, count)
                attn_sigmoid(input, &s, count)
                for (i, x) in input.enumerated() {
                    // Subnormal results are checked loosely: 2 ulp of the smallest normal.
                    assertNear(e[i], Foundation.exp(Double(x)), "\(isa) exp(\(x))")
                    assertNear(s[i], 1 / (1 + Foundation.exp(-Double(x))), "\(isa) sigmoid(\(x))")
                }
            }
        }
    }

    func testSoftmaxRows() {
        let rows: [[Float]] = [[1, 2, 3], [0], Array(repeating: 5, count: 17),
                               (0..<40).map { Float($0) * 0.37 - 7 }, [-.infinity, 0, 1], [3, -.infinity],
                               (0..<2000).map { sin(Float($0)) * 20 }]
        for isa in instructionSets {
            _ = Blas.useKernelISA(isa)
            for row in rows {
                // The shifted values as float computes them (x - max rounds before exp, in every
                // implementation), then exp and the sum exactly. 32 ulp: a float sum of 2,000 terms
                // (glibc's variant adds them one by one) drifts ~10 ulp.
                let top = row.max()!
                let shifted = row.map { Double($0 - top) }
                let total = shifted.reduce(0.0) { $0 + Foundation.exp($1) }
                for log in [0, 1] {
                    var out = [Float](repeating: -1, count: row.count)
                    attn_softmax_row(row, &out, row.count, Int32(log))
                    for i in row.indices {
                        let exact = log == 1 ? shifted[i] - Foundation.log(total) : Foundation.exp(shifted[i]) / total
                        assertNear(out[i], exact, ulps: 32, "\(isa) \(log == 1 ? "log_softmax" : "softmax") of \(row.count) at \(i)")
                    }
                }
            }
            // A NaN anywhere, or a row of -inf, makes the whole row NaN, as in PyTorch.
            for row: [Float] in [[1, .nan, 2], [-.infinity, -.infinity], Array(repeating: 1, count: 20) + [.nan]] {
                for log: Int32 in [0, 1] {
                    var out = [Float](repeating: 0, count: row.count)
                    attn_softmax_row(row, &out, row.count, log)
                    XCTAssert(out.allSatisfy(\.isNaN), "\(isa) \(row) log \(log): \(out)")
                }
            }
        }
    }

    /// The Adam update gives the same bits in every instruction set, split over two threads or
    /// not (the generic variant is the scalar formula), for both of torch.lerp's formulas.
    func testAdamIsTheSameEverywhere() throws {
        manualSeed(8)
        let n = 300_037  // several parallel chunks and a tail shorter than a register
        let w0 = try randn([n]).toArray(), g = try randn([n]).toArray()
        let m0 = try randn([n]).toArray(), v0 = try rand([n]).toArray()
        for (beta1, decay) in [(Float(0.9), Float(0)), (0.3, 0.01)] {
            var settings = attn_adam_settings(weight1: 1 - beta1, weight2: 0.001, beta2: 0.999, eps: 1e-8,
                                              weight_decay: decay, step_size: 0.01, correction2_sqrt: 0.03,
                                              low_weight: 1 - beta1 < 0.5 ? 1 : 0)
            var results: [[Float]] = []
            for isa in ["generic"] + instructionSets {
                _ = Blas.useKernelISA(isa)
                var w = w0, m = m0, v = v0
                attn_adam_update(&w, g, &m, &v, n, &settings)
                results.append(w + m + v)
            }
            for r in results.dropFirst() { XCTAssert(r == results[0], "beta1 \(beta1): an instruction set differs") }
        }
    }

    func testAddAndOuterProductSplitLikeOneLoop() {
        let n = 400_003
        let a = (0..<n).map { Float($0) * 0.37 }, b = (0..<n).map { Float($0 % 97) - 0.5 }
        var out = [Float](repeating: 0, count: n)
        attn_add(a, b, &out, n)
        XCTAssertEqual(out, zip(a, b).map { $0 + $1 })
        let (rows, cols) = (700, 300)
        var c = [Float](repeating: 0, count: rows * cols)
        attn_outer(Int32(rows), Int32(cols), a, 2, b, 3, &c, 0)
        for i in stride(from: 0, to: rows, by: 37) {
            for j in 0..<cols { XCTAssertEqual(c[i * cols + j], a[i * 2] * b[j * 3]) }
        }
        // Accumulating rounds the product first, as writing it out and adding it would.
        let before = c
        attn_outer(Int32(rows), Int32(cols), b, 1, a, 1, &c, 1)
        for i in stride(from: 0, to: rows, by: 41) {
            for j in 0..<cols {
                let product = b[i] * a[j]
                XCTAssertEqual(c[i * cols + j], before[i * cols + j] + product)
            }
        }
    }
}
