import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Per-op overhead on tiny tensors is the hot path of every user program (PyTorch: ~1.2 µs).
/// Bounds are loose (the machine is shared while tests run) but catch a regression to
/// allocation-heavy code; `OPS_BENCH=1` prints the numbers.
final class OpsPerformanceTests: XCTestCase {
    /// Best-of-5 mean time per call in nanoseconds of this thread's CPU time (not wall time:
    /// the machine is shared, and time spent descheduled says nothing about the op); `wall`
    /// for work that runs on other threads too (multi-threaded BLAS).
    func nanoseconds(_ iterations: Int = 20_000, wall: Bool = false, clock: clockid_t = CLOCK_THREAD_CPUTIME_ID,
                     _ body: () throws -> Void) rethrows -> Double {
        func now() -> Double {
            var ts = timespec()
            clock_gettime(wall ? CLOCK_MONOTONIC : clock, &ts)
            return Double(ts.tv_sec) * 1e9 + Double(ts.tv_nsec)
        }
        var best = Double.infinity
        for _ in 0..<5 {
            let start = now()
            for _ in 0..<iterations { try body() }
            best = Swift.min(best, (now() - start) / Double(iterations))
        }
        return best
    }

    func report(_ name: String, _ ns: Double, bound: Double) {
        if ProcessInfo.processInfo.environment["OPS_BENCH"] != nil {
            print("bench \(name): \(Int(ns)) ns")
        }
        XCTAssertLessThan(ns, bound, "\(name) takes \(Int(ns)) ns per call")
    }

    func testTinyOpOverhead() throws {
        #if DEBUG
        throw XCTSkip("per-op timings are meaningful in optimised builds only (swift test -c release)")
        #endif
        let a = try testTensor([1, 10], seed: 1), b = try testTensor([1, 10], seed: 2)
        let bias = try testTensor([10], seed: 3)
        var sink: Tensor? = nil
        report("add [1,10]+[1,10]", try nanoseconds { sink = try add(a, b) }, bound: 2_000)
        report("mul [1,10]*2", try nanoseconds { sink = try mul(a, 2) }, bound: 2_000)
        report("add [1,10]+[10] broadcast", try nanoseconds { sink = try add(a, bias) }, bound: 3_000)
        report("softmax [1,10]", try nanoseconds { sink = try softmax(a, dim: -1) }, bound: 2_000)
        report("tanh [1,10]", try nanoseconds { sink = try tanh(a) }, bound: 2_000)
        report("view [1,10]->[10]", try nanoseconds { sink = try a.view([10]) }, bound: 2_000)
        report("index a[0]", try nanoseconds { sink = try a.index([.at(0)]) }, bound: 2_000)
        let h = try testTensor([1, 1, 256], seed: 4), w = try testTensor([1, 256, 10], seed: 5)
        report("bmm [1,1,256]x[1,256,10]", try nanoseconds { sink = try bmm(h, w) }, bound: 5_000)
        let x = try testTensor([1, 256], seed: 6), lw = try testTensor([10, 256], seed: 7)
        report("linear [1,256]->[1,10]", try nanoseconds { sink = try linear(x, lw, bias) }, bound: 5_000)
        let column = try testTensor([5, 1], seed: 8), row = try testTensor([1, 5], seed: 9)
        report("add [5,1]+[1,5] general broadcast", try nanoseconds { sink = try add(column, row) }, bound: 3_000)
        let scores = try testTensor([1, 1, 10], seed: 10), mask = try gt(testTensor([1, 1, 10], seed: 11), 0)
        report("maskedFill [1,1,10]", try nanoseconds { sink = try maskedFill(scores, mask, -1e9) }, bound: 2_000)
        report("sum [1,10] dim -1", try nanoseconds { sink = try sum(a, dims: [-1]) }, bound: 2_000)
        report("cat 2x[1,10]", try nanoseconds { sink = try cat([a, b], dim: 1) }, bound: 3_000)
        a.requiresGrad = true
        report("add with grad recording", try nanoseconds { sink = try add(a, b) }, bound: 3_000)
        XCTAssertNotNil(sink)
    }
}

extension OpsPerformanceTests {
    /// sgemm throughput through `mm` at 256 and 1024 with 1 and 2 threads (OPS_BENCH=1 only;
    /// run once with OPENBLAS_CORETYPE=SkylakeX in the environment and once without).
    func testSgemmThroughput() throws {
        guard ProcessInfo.processInfo.environment["OPS_BENCH"] != nil else { return }
        let saved = Blas.threads
        defer { Blas.setThreads(saved) }
        for n in [256, 1024] {
            let a = try testTensor([n, n], seed: 1), b = try testTensor([n, n], seed: 2)
            for threads in [1, 2] {
                Blas.setThreads(threads)
                var c = try mm(a, b)
                let reps = n == 256 ? 200 : 10
                let flops = 2 * Double(n * n * n)
                let wall = try nanoseconds(reps, wall: true) { c = try mm(a, b) } / 1e9
                let cpu = try nanoseconds(reps, clock: CLOCK_PROCESS_CPUTIME_ID) { c = try mm(a, b) } / 1e9
                print("bench sgemm \(n) threads \(threads) core \(Blas.coreName): \(Int(flops / wall / 1e9)) GFLOP/s wall, \(Int(flops / cpu / 1e9)) GFLOP per CPU-second")
                // The product is real: one entry against a dot product.
                let expected = try dot(a.index([.at(7)]), b.index([TensorIndex.all, .at(3)])).item()
                XCTAssertEqual(try c.index([.at(7), .at(3)]).item(), expected, accuracy: 1e-3)
            }
        }
    }
}
