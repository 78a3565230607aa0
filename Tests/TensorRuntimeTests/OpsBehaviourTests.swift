import XCTest
import TensorRuntime
import TestSupport

/// Semantics the fixtures do not pin down: creation details, randomness, nan handling,
/// layouts handed to BLAS, and the kernels' fast paths against the general path.
final class OpsBehaviourTests: XCTestCase {
    func testCreation() throws {
        XCTAssertEqual(try zeros([2, 2]).toArray(), [0, 0, 0, 0])
        XCTAssertEqual(try ones([3]).toArray(), [1, 1, 1])
        XCTAssertEqual(try full([2], 2.5).toArray(), [2.5, 2.5])
        XCTAssertEqual(try full([], 7).shape, [])
        XCTAssertEqual(try zeros([0, 3]).count, 0)
        XCTAssertEqual(try arange(start: 0, end: 1, step: 0.25).toArray(), [0, 0.25, 0.5, 0.75])
        XCTAssertEqual(try arange(0).shape, [0])
        XCTAssertEqual(try tensor(shape: [2], data: [1, 2]).toArray(), [1, 2])
    }

    func testDropout() throws {
        let x = try ones([100, 100])
        XCTAssertTrue(try dropout(x, p: 0.3, training: false) === x, "identity in eval")
        XCTAssertTrue(try dropout(x, p: 0, training: true) === x, "identity when p == 0")
        manualSeed(1)
        let y = try dropout(x, p: 0.3, training: true).toArray()
        let kept = y.filter { $0 != 0 }
        XCTAssertEqual(Double(kept.count) / 10_000, 0.7, accuracy: 0.03)
        for v in kept { XCTAssertEqual(v, 1 / 0.7, accuracy: 1e-6) }
        XCTAssertEqual(try dropout(x, p: 1, training: true).toArray().max(), 0)
        XCTAssertEqual(try dropout(zeros([0]), p: 0.5).shape, [0])
        manualSeed(1)
        XCTAssertEqual(try dropout(x, p: 0.3, training: true).toArray(), y, "the mask comes from the seeded generator")
    }

    func testNanAndInfinity() throws {
        let x = try Tensor(shape: [2, 3], data: [1, .nan, 3, -.infinity, -.infinity, -.infinity])
        let (values, indices) = try max(x, dim: 1)
        XCTAssertTrue(values.toArray()[0].isNaN, "nan propagates through max as in PyTorch")
        XCTAssertEqual(indices.toArray(), [1, 0])
        let s = try softmax(x.index([.at(1)]), dim: 0).toArray()
        XCTAssertTrue(s.allSatisfy { $0.isNaN }, "a row that is all -inf gives nan")
        XCTAssertEqual(try relu(Tensor(shape: [1], data: [.nan])).toArray()[0].isNaN, true)
        XCTAssertEqual(try div(ones([1]), zeros([1])).toArray(), [.infinity])
    }

    func testTopkOrderAndTies() throws {
        let x = try Tensor(shape: [6], data: [3, 1, 3, .nan, 2, 1])
        let top = try topk(x, k: 4)
        XCTAssertTrue(top.values.toArray()[0].isNaN)
        XCTAssertEqual(Array(top.values.toArray().dropFirst()), [3, 3, 2])
        XCTAssertEqual(top.indices.toArray(), [3, 0, 2, 4])
        let low = try topk(x, k: 3, largest: false)
        XCTAssertEqual(low.values.toArray(), [1, 1, 2])
        XCTAssertEqual(low.indices.toArray(), [1, 5, 4])
    }

    func testArgmax() throws {
        let x = try Tensor(shape: [2, 3], data: [1, 5, 5, 7, 0, 2])
        XCTAssertEqual(try argmax(x).toArray(), [3])
        XCTAssertEqual(try argmax(x).shape, [])
        XCTAssertEqual(try argmax(x, keepdim: true).shape, [1, 1])
        XCTAssertEqual(try argmax(x, dim: 1).toArray(), [1, 0], "first of tied maxima")
        XCTAssertEqual(try argmax(x, dim: 0, keepdim: true).shape, [1, 3])
        XCTAssertFalse(try argmax(x, dim: 1).requiresGrad)
    }

    func testComparisonsTakeNoGradient() throws {
        let x = try ones([3])
        x.requiresGrad = true
        XCTAssertFalse(try gt(x, 0).requiresGrad)
        XCTAssertEqual(try le(x, Tensor(shape: [3], data: [0, 1, 2])).toArray(), [0, 1, 1])
    }

    func testRecordingOffMakesNoGraph() throws {
        let x = try ones([3])
        x.requiresGrad = true
        let y = try GradMode.withoutGrad { try mul(x, 2) }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertNil(y.gradFn)
        XCTAssertNil(try mul(ones([2]), 2).gradFn)
    }

    func testReduceBroadcastGrad() throws {
        let g = try arange(24).view([2, 3, 4])
        XCTAssertEqual(try reduceBroadcastGrad(g, to: [3, 1]).toArray(), [60, 92, 124])
        XCTAssertEqual(try reduceBroadcastGrad(g, to: [4]).toArray(), [60, 66, 72, 78])
        XCTAssertEqual(try reduceBroadcastGrad(g, to: []).toArray(), [276])
        XCTAssertTrue(try reduceBroadcastGrad(g, to: [2, 3, 4]) === g)
    }

    /// Every layout the product accepts (row-major, transposed, sliced, expanded batch,
    /// non-unit inner stride that forces a copy) against a plain triple loop.
    func testProductLayoutsAgainstReference() throws {
        func reference(_ a: Tensor, _ b: Tensor) throws -> Tensor {
            let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
            let pa = a.toArray(), pb = b.toArray()
            var out = [Float](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { for p in 0..<k { out[i * n + j] += pa[i * k + p] * pb[p * n + j] } } }
            return try Tensor(shape: [m, n], data: out)
        }
        for (m, k, n) in [(1, 1, 1), (3, 4, 5), (40, 70, 30), (1, 256, 10), (70, 1, 3)] {
            let a = try testTensor([m, k], seed: 1), b = try testTensor([k, n], seed: 2)
            let expected = try reference(a, b)
            let bigA = try testTensor([m, 2 * k], seed: 3)
            try bigA.index([TensorIndex.all, .slice(start: nil, end: nil, step: 2)]).assign([], a)
            let variants: [(String, Tensor, Tensor)] = [
                ("plain", a, b),
                ("transposed", try a.t().contiguous().t(), try b.t().contiguous().t()),
                ("strided copy", try bigA.index([TensorIndex.all, .slice(start: nil, end: nil, step: 2)]), b),
            ]
            for (name, x, y) in variants {
                assertClose(try mm(x, y), expected, atol: 1e-4, rtol: 1e-4, "\(name) \(m)x\(k)x\(n)")
            }
            let batched = try matmul(a.unsqueeze(0).expand([3, m, k]), b)
            for i in 0..<3 { assertClose(try batched.index([.at(i)]), expected, atol: 1e-4, rtol: 1e-4, "expanded batch \(i)") }
            let broadcastB = try matmul(a, b.unsqueeze(0).expand([2, k, n]))
            assertClose(try broadcastB.index([.at(1)]), expected, atol: 1e-4, rtol: 1e-4, "broadcast b")
        }
        XCTAssertEqual(try matmul(zeros([2, 0]), zeros([0, 3])).toArray(), [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(try matmul(zeros([0, 2]), zeros([2, 3])).shape, [0, 3])
    }

    func testBinaryPathsAgree() throws {
        // Same computation through the contiguous, scalar, suffix-broadcast and general strided paths.
        let a = try testTensor([3, 4, 5], seed: 4)
        let b = try testTensor([4, 5], seed: 5)
        let viaExpand = try add(a, b.expand([3, 4, 5]).contiguous())
        assertClose(try add(a, b), viaExpand)
        assertClose(try add(a.transpose(1, 2), b.t()), try viaExpand.transpose(1, 2).contiguous())
        assertClose(try add(a, Tensor.scalar(2)), try add(a, 2))
        assertClose(try add(Tensor(shape: [1, 1], data: [2]), a), try add(a, 2))
    }

    /// A recorded result must not keep itself alive through its own gradFn (a leak per op).
    func testRecordedResultsAreFreed() throws {
        let ops: [(String, (Tensor) throws -> Tensor)] = [
            ("exp", exp), ("sqrt", sqrt), ("tanh", tanh), ("sigmoid", sigmoid), ("relu", relu),
            ("div", { try div($0, $0) }), ("scalar div", { try div(2, $0) }), ("scalar pow", { try pow(2, $0) }),
            ("softmax", { try softmax($0, dim: 0) }), ("log_softmax", { try logSoftmax($0, dim: 0) }),
            ("max", { try max($0, dim: 0).values }), ("topk", { try topk($0, k: 1).values }),
            ("view", { try $0.view([3]) }), ("index", { try $0.index([.at(0)]) }),
            ("matmul", { try matmul($0, $0) }), ("linear", { try linear($0.view([1, 3]), $0.expand([2, 3])) }),
        ]
        for (name, op) in ops {
            weak var weakOut: Tensor?
            weak var weakGradFn: GradFn?
            try {
                let x = try Tensor(shape: [3], data: [0.5, 1, 2])
                x.requiresGrad = true
                let y = try op(x)
                XCTAssertNotNil(y.gradFn, name)
                weakOut = y
                weakGradFn = y.gradFn
            }()
            XCTAssertNil(weakOut, "\(name): result leaked")
            XCTAssertNil(weakGradFn, "\(name): gradFn leaked")
        }
        weak var weakAssigned: Tensor?
        try {
            let v = try ones([2])
            v.requiresGrad = true
            let buffer = try zeros([3, 2])
            try buffer.assign([.at(0)], v)
            weakAssigned = buffer
        }()
        XCTAssertNil(weakAssigned, "assign: target leaked")
    }

    /// The strided kernels (loop merging, odometer, broadcast strides) against element-by-element
    /// indexing, over broadcast pairs in contiguous, transposed and sliced layouts.
    func testStridedKernelsAgainstElementwiseReference() throws {
        func element(_ t: Tensor, _ index: [Int]) -> Float {
            // Right-aligned broadcast read of t at the result's multi-index.
            var offset = t.offset
            let lead = index.count - t.rank
            for d in 0..<t.rank where t.shape[d] != 1 { offset += index[d + lead] * t.strides[d] }
            return t.storage.pointer[offset]
        }
        func layouts(_ shape: [Int], seed: UInt64) throws -> [Tensor] {
            let plain = try testTensor(shape, seed: seed)
            var result = [plain]
            if shape.count >= 2 {
                // Same logical shape, stored transposed.
                let swapped = Array(shape.dropLast(2)) + [shape[shape.count - 1], shape[shape.count - 2]]
                result.append(try testTensor(swapped, seed: seed).transpose(-1, -2))
            }
            // Same logical shape, every other element of a twice-as-long last dimension.
            let wide = Array(shape.dropLast()) + [2 * (shape.last ?? 1)]
            if !shape.isEmpty {
                result.append(try testTensor(wide, seed: seed).index([.ellipsis, .slice(start: nil, end: nil, step: 2)]))
            }
            return result
        }
        let pairs: [([Int], [Int])] = [
            ([2, 3, 4], [2, 3, 4]), ([2, 3, 4], [3, 1]), ([4, 1, 3], [1, 5, 3]), ([1, 1, 6], [6]),
            ([2, 1, 3, 1], [5, 1, 2]), ([3], [2, 1]), ([], [2, 2]), ([5, 1], [1, 7]),
        ]
        for (sa, sb) in pairs {
            for a in try layouts(sa, seed: 3) {
                for b in try layouts(sb, seed: 4) {
                    let out = try mul(a, b)
                    let values = out.toArray()
                    let strides = contiguousStrides(out.shape)
                    for flat in 0..<out.count {
                        var index = [Int](repeating: 0, count: out.rank)
                        for d in 0..<out.rank { index[d] = (flat / strides[d]) % out.shape[d] }
                        XCTAssertEqual(values[flat], element(a, index) * element(b, index), "\(sa) * \(sb) at \(index)")
                    }
                    // Reduction back to each operand's shape sums the same elements.
                    let reduced = try reduceBroadcastGrad(out, to: b.shape)
                    let total = reduced.toArray().reduce(0, +)
                    XCTAssertEqual(total, values.reduce(0, +), accuracy: 1e-4)
                }
            }
        }
    }

    func testBlasThreads() {
        Blas.setThreads(1)
        XCTAssertEqual(Blas.threads, 1)
        Blas.setThreads(2)
        XCTAssertEqual(Blas.threads, 2)
        XCTAssertFalse(Blas.coreName.isEmpty)
    }
}
