import XCTest
import TensorRuntime
import TestSupport

/// Finite-difference checks of every differentiable primitive's backward, on shapes and
/// layouts (broadcast, transposed, expanded) beyond the PyTorch fixtures.
final class OpsGradCheckTests: XCTestCase {
    func r(_ shape: [Int], _ seed: UInt64) throws -> Tensor { try testTensor(shape, seed: seed) }
    func positive(_ shape: [Int], _ seed: UInt64) throws -> Tensor { try testTensor(shape, seed: seed, low: 0.5, high: 1.5) }

    /// Distinct values 0.05 apart in a scrambled order, so that nudging one by eps (0.01)
    /// cannot change which element a max, min or topk picks.
    func distinct(_ shape: [Int], _ seed: UInt64) throws -> Tensor {
        let n = shape.reduce(1, *)
        let step = Int(seed % 7) * 2 + 5 // odd-ish stride coprime with small n, to scramble
        var data = [Float](repeating: 0, count: n)
        var used = Set<Int>()
        var k = Int(seed) % n
        for i in 0..<n {
            while used.contains(k) { k = (k + 1) % n }
            used.insert(k)
            data[i] = Float(k) * 0.05 - Float(n) * 0.025
            k = (k + step) % n
        }
        return try Tensor(shape: shape, data: data)
    }

    /// Values at least 0.05 from each kink, so ±eps never crosses one.
    func awayFrom(_ kinks: [Float], _ t: Tensor) throws -> Tensor {
        try Tensor(shape: t.shape, data: t.toArray().map { v in
            var v = v
            for kink in kinks where Swift.abs(v - kink) < 0.05 { v = kink + (v < kink ? -0.05 : 0.05) }
            return v
        })
    }

    func testElementwiseBinary() throws {
        try gradCheck("add", [r([2, 3, 4], 1), r([3, 1], 2)]) { try $0[0] + $0[1] }
        try gradCheck("sub", [r([4], 3), r([2, 3, 4], 4)]) { try $0[0] - $0[1] }
        try gradCheck("mul", [r([2, 1, 4], 5), r([3, 1], 6)]) { try $0[0] * $0[1] }
        try gradCheck("mul transposed", [r([4, 3], 7), r([3, 4], 8)]) { try $0[0].t() * $0[1] }
        try gradCheck("div", [r([2, 3], 9), positive([3], 10)]) { try $0[0] / $0[1] }
        try gradCheck("pow", [positive([2, 3], 11), r([2, 3], 12)]) { try pow($0[0], $0[1]) }
        try gradCheck("pow scalar", [r([2, 3], 13)]) { try pow($0[0], 3) }
        try gradCheck("scalar pow", [r([2, 3], 14)]) { try pow(2, $0[0]) }
        try gradCheck("scalars", [r([2, 3], 15)]) { try (2 - $0[0]) * 3 + $0[0] / 4 - 1 }
        try gradCheck("scalar div", [positive([2, 3], 16)]) { try 3 / $0[0] }
    }

    func testElementwiseUnary() throws {
        let x = try awayFrom([-0.5, 0, 0.5], r([3, 4], 20))
        try gradCheck("neg", [x]) { try -$0[0] }
        try gradCheck("exp", [x]) { try exp($0[0]) }
        try gradCheck("log", [positive([3, 4], 21)]) { try log($0[0]) }
        try gradCheck("sqrt", [positive([3, 4], 22)]) { try sqrt($0[0]) }
        try gradCheck("abs", [x]) { try abs($0[0]) }
        try gradCheck("tanh", [x]) { try tanh($0[0]) }
        try gradCheck("sigmoid", [x]) { try sigmoid(mul($0[0], 4)) }
        try gradCheck("relu", [x]) { try relu($0[0]) }
        try gradCheck("clamp", [x]) { try clamp($0[0], min: -0.5, max: 0.5) }
        let mask = try gt(r([1, 4], 23), 0)
        try gradCheck("masked_fill", [x]) { try maskedFill($0[0], mask, 7) }
        try gradCheck("masked_fill broadcasting x", [r([4], 26)]) { try maskedFill($0[0], gt(r([3, 4], 27), 0), 7) }
        try gradCheck("where", [r([3, 1], 24), r([4], 25)]) { try `where`(mask, $0[0], $0[1]) }
    }

    func testViewsAndJoins() throws {
        let x = try r([2, 3, 4], 30)
        try gradCheck("view", [x]) { try $0[0].view([4, -1]) }
        try gradCheck("reshape copy", [x]) { try $0[0].transpose(0, 2).reshape([-1]) }
        try gradCheck("unsqueeze squeeze", [x]) { try $0[0].unsqueeze(1).squeeze() }
        try gradCheck("permute", [x]) { try $0[0].permute([1, 2, 0]) }
        try gradCheck("expand", [r([3, 1], 31)]) { try $0[0].expand([2, 3, 5]) }
        try gradCheck("flatten", [x]) { try $0[0].flatten(startDim: 0, endDim: 1) }
        try gradCheck("contiguous", [x]) { try $0[0].transpose(0, 1).contiguous() }
        try gradCheck("cat", [r([2, 1], 32), r([2, 3], 33)]) { try cat($0, dim: -1) }
        try gradCheck("stack", [r([2, 3], 34), r([2, 3], 35)]) { try stack($0, dim: 2) }
        try gradCheck("clone", [x]) { try $0[0].clone() }
        try gradCheck("squeeze dim", [r([2, 1, 3], 36)]) { try $0[0].squeeze(1) }
        try gradCheck("narrow", [x]) { try narrow($0[0], dim: 2, start: 1, length: 2) }
        try gradCheck("t", [r([2, 3], 37)]) { try $0[0].t() }
    }

    func testIndexing() throws {
        let x = try r([3, 5, 2], 40)
        try gradCheck("index", [x]) { try $0[0].index([.slice(start: 1, end: nil, step: 2), .ellipsis, .at(-1)]) }
        try gradCheck("index_select", [x]) { try indexSelect($0[0], dim: 1, index: Tensor(shape: [4], data: [4, 0, 4, 2])) }
        try gradCheck("assign", [r([3, 4], 41), r([4], 42)]) { xs in
            let y = try xs[0] * 2
            try y.assign([.slice(start: 1, end: nil, step: nil)], xs[1])
            return try y * y
        }
        try gradCheck("assign into zeros", [r([2, 4], 43)]) { xs in
            let y = try zeros([3, 4])
            for i in 0..<2 { try y.assign([.at(i)], tanh(xs[0].index([.at(i)]))) }
            return y
        }
    }

    func testReductions() throws {
        let x = try distinct([2, 3, 4], 50)
        try gradCheck("sum", [x]) { try sum($0[0]) }
        try gradCheck("sum dims", [x]) { try sum($0[0], dims: [0, 2], keepdim: false) }
        try gradCheck("mean", [x]) { try mean($0[0]) }
        try gradCheck("mean dims", [x]) { try mean($0[0], dims: [1], keepdim: true) }
        try gradCheck("max", [x]) { try max($0[0]) }
        try gradCheck("min", [x]) { try min($0[0]) }
        try gradCheck("max dim", [x]) { try max($0[0], dim: 1).values }
        try gradCheck("min dim", [x]) { try min($0[0], dim: -1, keepdim: true).values }
        try gradCheck("topk", [x]) { try topk($0[0], k: 2, dim: 1).values }
        try gradCheck("softmax", [x]) { try softmax($0[0], dim: 1) }
        try gradCheck("log_softmax", [x]) { try logSoftmax($0[0], dim: -1) }
        let masked = try Tensor(shape: [2, 3], data: [0, -.infinity, 0, 0, 0, 0])
        try gradCheck("softmax with -inf", [r([2, 3], 51)]) { try softmax(add($0[0], masked), dim: -1) }
    }

    func testProducts() throws {
        try gradCheck("matmul 1d", [r([4], 60), r([4], 61)]) { try matmul($0[0], $0[1]) }
        try gradCheck("matmul 2d·1d", [r([3, 4], 62), r([4], 63)]) { try matmul($0[0], $0[1]) }
        try gradCheck("matmul 1d·3d", [r([4], 64), r([2, 4, 3], 65)]) { try matmul($0[0], $0[1]) }
        try gradCheck("matmul broadcast", [r([2, 1, 3, 4], 66), r([5, 4, 2], 67)]) { try matmul($0[0], $0[1]) }
        try gradCheck("matmul transposed", [r([2, 4, 3], 68), r([5, 4], 69)]) { try matmul($0[0].transpose(1, 2), $0[1].t()) }
        try gradCheck("mm", [r([3, 4], 70), r([4, 2], 71)]) { try mm($0[0], $0[1]) }
        try gradCheck("bmm", [r([2, 3, 4], 72), r([2, 4, 5], 73)]) { try bmm($0[0], $0[1]) }
        try gradCheck("bmm big", [r([2, 20, 16], 74), r([2, 16, 30], 75)]) { try bmm($0[0], $0[1]) }
        try gradCheck("dot", [r([5], 76), r([5], 77)]) { try dot($0[0], $0[1]) }
    }

    func testFunctional() throws {
        try gradCheck("linear", [r([2, 3, 4], 80), r([5, 4], 81), r([5], 82)]) { try linear($0[0], $0[1], $0[2]) }
        try gradCheck("linear transposed weight", [r([3, 4], 83), r([4, 5], 84)]) { try linear($0[0], $0[1].t()) }
        let ids = try Tensor(shape: [2, 2], data: [1, 3, 3, 0])
        try gradCheck("embedding", [r([4, 3], 85)]) { try embedding($0[0], ids) }
        try gradCheck("dropout", [r([4, 4], 86)]) { xs in
            manualSeed(5)
            return try dropout(xs[0], p: 0.5, training: true)
        }
    }
}
