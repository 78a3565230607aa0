import Foundation
import XCTest
import TensorRuntime
import TestSupport

/// Bit-for-bit parity with torch's CPU generator (fixtures from scripts/fixtures/random.py).
final class RandomTests: XCTestCase {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    func fixture() throws -> [String: Any] {
        try Fixture.load("random.json", in: Self.fixtures)
    }

    /// Replays one fixture call against the shared generator; returns a tensor or a number.
    func replay(_ call: [Any]) throws -> Any {
        let kind = call[0] as? String ?? ""
        func shape(_ i: Int) -> [Int] { call[i] as? [Int] ?? [] }
        func number(_ i: Int) -> Double { (call[i] as? NSNumber)?.doubleValue ?? .nan }
        switch kind {
        case "rand": return try rand(shape(1))
        case "randn": return try randn(shape(1))
        case "randint": return try randint(Int(number(1)), Int(number(2)), shape(3))
        case "uniform": return try uniformTensor(shape(1), from: Float(number(2)), to: Float(number(3)))
        case "normal": return try normalTensor(shape(1), mean: number(2), std: number(3))
        case "randperm": return try randperm(Int(number(1)))
        case "bernoulli": return try bernoulliTensor(shape(1), p: number(2))
        case "double": return RandomGenerator.shared.nextDouble()
        case "int": return try RandomGenerator.shared.nextInt(Int(number(1)), Int(number(2)))
        default: throw TensorError("test", "unknown call \(kind)")
        }
    }

    func testEveryCallMatchesTorchExactly() throws {
        let cases = try XCTUnwrap(fixture()["cases"] as? [[String: Any]])
        XCTAssertGreaterThan(cases.count, 30)
        for c in cases {
            let seed = try XCTUnwrap(c["seed"] as? NSNumber).uint64Value
            let calls = try XCTUnwrap(c["calls"] as? [[Any]])
            let results = try XCTUnwrap(c["results"] as? [Any])
            manualSeed(seed)
            for (call, expected) in zip(calls, results) {
                let got = try replay(call)
                let label = "seed \(seed), call \(call)"
                if let t = got as? Tensor {
                    assertClose(t, try Fixture.tensor(expected), atol: 0, rtol: 0, label)
                } else if let d = got as? Double {
                    XCTAssertEqual(d, Double(expected as? String ?? ""), label)
                } else if let i = got as? Int {
                    XCTAssertEqual(i, (expected as? NSNumber)?.intValue, label)
                }
            }
        }
    }

    /// The layer fills, in PyTorch's registration order, give the same parameters as
    /// `torch.manual_seed(s); nn.X(...)`.
    func testLayerInitialisationMatchesTorch() throws {
        let modules = try XCTUnwrap(fixture()["modules"] as? [[String: Any]])
        for m in modules {
            let name = try XCTUnwrap(m["name"] as? String)
            manualSeed(try XCTUnwrap(m["seed"] as? NSNumber).uint64Value)
            let got = try initialise(name)
            let expected = try XCTUnwrap(m["parameters"] as? [[Any]])
            XCTAssertEqual(got.map(\.0), expected.map { $0[0] as? String ?? "" }, name)
            for ((key, tensor), pair) in zip(got, expected) {
                assertClose(tensor, try Fixture.tensor(pair[1]), atol: 0, rtol: 0, "\(name).\(key)")
            }
        }
    }

    func testModelBuiltLayerAfterLayerMatchesTorch() throws {
        let model = try XCTUnwrap(fixture()["model"] as? [String: Any])
        manualSeed(3)
        let got = try initialise("embedding(6,4)") + initialise("gru(4,5)") + initialise("linear(5,6)")
        let expected = try XCTUnwrap(model["parameters"] as? [[Any]])
        XCTAssertEqual(got.count, expected.count)
        for ((key, tensor), pair) in zip(got, expected) {
            assertClose(tensor, try Fixture.tensor(pair[1]), atol: 0, rtol: 0, key)
        }
    }

    /// PyTorch's initialisation recipes, written with the runtime's init fills.
    func initialise(_ name: String) throws -> [(String, Tensor)] {
        let open = try XCTUnwrap(name.firstIndex(of: "("))
        let kind = String(name[..<open])
        let sizes = name[name.index(after: open)..<name.index(before: name.endIndex)]
            .split(separator: ",").compactMap { Int($0) }
        let (a, b) = (sizes[0], sizes[1])
        func uniform(_ shape: [Int], _ bound: Double) throws -> Tensor {
            try uniformTensor(shape, from: Float(-bound), to: Float(bound))
        }
        switch kind {
        case "linear":
            let w = try kaimingUniformTensor([b, a])
            return [("weight", w), ("bias", try uniform([b], fanInBound(a)))]
        case "embedding":
            return [("weight", try normalTensor([a, b]))]
        case "gru", "lstm":
            let gates = kind == "gru" ? 3 : 4
            let bound = fanInBound(b)
            return [("weight_ih_l0", try uniform([gates * b, a], bound)),
                    ("weight_hh_l0", try uniform([gates * b, b], bound)),
                    ("bias_ih_l0", try uniform([gates * b], bound)),
                    ("bias_hh_l0", try uniform([gates * b], bound))]
        case "multihead_attention":
            // out_proj is an nn.Linear built (and initialised) inside __init__ before
            // _reset_parameters draws in_proj_weight; both biases are then zeroed.
            let outWeight = try kaimingUniformTensor([a, a])
            _ = try uniform([a], fanInBound(a))
            let inWeight = try xavierUniformTensor([3 * a, a])
            return [("in_proj_weight", inWeight), ("in_proj_bias", try Tensor.filled([3 * a], 0)),
                    ("out_proj.weight", outWeight), ("out_proj.bias", try Tensor.filled([a], 0))]
        default:
            throw TensorError("test", "unknown module \(name)")
        }
    }

    func testSeedUsesLow32BitsAndResetsCachedNormal() throws {
        manualSeed(5)
        let first = try randn([3]).toArray()     // leaves a cached sample behind
        manualSeed(5)
        XCTAssertEqual(try randn([3]).toArray(), first, "seed must drop the cached Box-Muller sample")
        manualSeed(5 + (1 << 32))
        XCTAssertEqual(try randn([3]).toArray(), first)
        XCTAssertEqual(RandomGenerator.shared.initialSeed, 5 + (1 << 32))
    }

    func testNextDoubleAndIntRanges() throws {
        let g = RandomGenerator(seed: 11)
        for _ in 0..<10_000 {
            let d = g.nextDouble()
            XCTAssertTrue(d >= 0 && d < 1)
            let i = try g.nextInt(-2, 3)
            XCTAssertTrue((-2..<3).contains(i))
        }
        XCTAssertEqual(try g.nextInt(Int.min, Int.max) < Int.max, true)
        XCTAssertEqual(g.permutation(50).sorted(), Array(0..<50))
        XCTAssertEqual(g.permutation(0), [])
    }

    func testInvalidArgumentsThrow() {
        XCTAssertThrowsError(try randint(3, 3, [2]))
        XCTAssertThrowsError(try RandomGenerator.shared.nextInt(5, 1))
        XCTAssertThrowsError(try uniformTensor([2], from: 1, to: 0))
        XCTAssertThrowsError(try uniformTensor([2], from: -.infinity, to: 0))
        XCTAssertThrowsError(try normalTensor([2], mean: 0, std: -1))
        XCTAssertThrowsError(try normalTensor([20], mean: .nan, std: 1))
        XCTAssertThrowsError(try randn([-1]))
        XCTAssertThrowsError(try kaimingUniformTensor([3]))
        XCTAssertThrowsError(try bernoulliTensor([2], p: 1.5))
    }

    func testEmptyShapesConsumeNothing() throws {
        manualSeed(9)
        XCTAssertEqual(try randn([0, 4]).shape, [0, 4])
        XCTAssertEqual(try rand([3, 0]).count, 0)
        let after = try rand([2]).toArray()
        manualSeed(9)
        XCTAssertEqual(try rand([2]).toArray(), after)
    }
}
