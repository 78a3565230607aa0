import XCTest
import TensorRuntime
import TestSupport

/// Initialisation: layers draw from the seeded generator in PyTorch's order with PyTorch's
/// bounds, so that after the same seed they hold the same numbers.
final class NNInitTests: XCTestCase {
    // PyTorch's bounds, written as its Python computes them.
    static func kaimingBound(_ fanIn: Int) -> Float {
        let gain = (2.0 / (1 + 5.0.squareRoot() * 5.0.squareRoot())).squareRoot()
        return Float(3.0.squareRoot() * (gain / Double(fanIn).squareRoot()))
    }
    static func inverseSqrt(_ n: Int) -> Float { Float(1 / Double(n).squareRoot()) }
    static func xavierBound(_ fanIn: Int, _ fanOut: Int) -> Float {
        Float(3.0.squareRoot() * (2.0 / Double(fanIn + fanOut)).squareRoot())
    }
    static func uniform(_ shape: [Int], _ bound: Float) throws -> Tensor { try uniformTensor(shape, from: -bound, to: bound) }

    /// Builds `layer` after seeding, then replays the draws PyTorch's constructor makes.
    func assertDraws(_ name: String, seed: UInt64 = 7, _ build: () throws -> Layer,
                     _ expected: () throws -> [Tensor], file: StaticString = #filePath, line: UInt = #line) throws {
        manualSeed(seed)
        let layer = try build()
        manualSeed(seed)
        let draws = try expected()
        XCTAssertEqual(layer.namedParameters.count, draws.count, name, file: file, line: line)
        for ((param, value), want) in zip(layer.namedParameters, draws) {
            XCTAssertEqual(value.shape, want.shape, "\(name).\(param)", file: file, line: line)
            XCTAssertEqual(value.toArray(), want.toArray(), "\(name).\(param)", file: file, line: line)
            XCTAssertTrue(value.requiresGrad && value.isLeaf, "\(name).\(param) is trainable", file: file, line: line)
        }
    }

    func testGeneratorConsumptionOrder() throws {
        typealias T = NNInitTests
        try assertDraws("Linear", { try Linear(5, 3) }) {
            [try T.uniform([3, 5], T.kaimingBound(5)), try T.uniform([3], T.inverseSqrt(5))]
        }
        try assertDraws("Embedding", { try Embedding(6, 3) }) { [try normalTensor([6, 3], mean: 0, std: 1)] }
        try assertDraws("GRU", { try RNN(3, 4, cell: .gru, layers: 2, bidirectional: true) }) {
            var draws: [Tensor] = []
            for layer in 0..<2 {
                for _ in 0..<2 {
                    for shape in [[12, layer == 0 ? 3 : 8], [12, 4], [12], [12]] {
                        draws.append(try T.uniform(shape, T.inverseSqrt(4)))
                    }
                }
            }
            return draws
        }
        try assertDraws("MultiheadAttention", { try MultiheadAttention(6, 2) }) {
            // out_proj is constructed first as an nn.Linear (weight, then bias drawn and later
            // zeroed), then in_proj_weight gets xavier_uniform_.
            let outWeight = try T.uniform([6, 6], T.kaimingBound(6))
            _ = try T.uniform([6], T.inverseSqrt(6))
            let inWeight = try T.uniform([18, 6], T.xavierBound(6, 18))
            return [inWeight, try Tensor.filled([18], 0), outWeight, try Tensor.filled([6], 0)]
        }
        try assertDraws("Attention concat", { try Attention(method: .concat, hidden: 4) }) {
            [try T.uniform([4, 8], T.inverseSqrt(8)), try T.uniform([4], T.inverseSqrt(4))]
        }
        try assertDraws("Attention additive", { try Attention(method: .additive, hidden: 4) }) {
            [try T.uniform([4, 4], T.inverseSqrt(4)), try T.uniform([4, 4], T.inverseSqrt(4)), try T.uniform([4], T.inverseSqrt(4))]
        }
    }

    /// After manualSeed(s), every layer's parameters equal PyTorch's after torch.manual_seed(s)
    /// (needs the torch-compatible generator).
    func testInitialParametersEqualPyTorch() throws {
        let json = try NNFixture.load("nn_init.json")
        for c in try NNFixture.cases(json, "layers") {
            let kind = try NNFixture.string(c, "kind")
            let args = try XCTUnwrap(c["args"] as? [Int])
            let seed = try NNFixture.int(c, "seed")
            manualSeed(UInt64(seed))
            let layer: Layer
            switch kind {
            case "linear": layer = try Linear(args[0], args[1])
            case "embedding": layer = try Embedding(args[0], args[1])
            case "gru", "lstm", "rnn":
                layer = try RNN(args[0], args[1], cell: kind == "rnn" ? "tanh" : kind, layers: args[2], bidirectional: args[3] == 1)
            case "mha": layer = try MultiheadAttention(args[0], args[1])
            default:
                layer = try Attention(method: String(kind.dropFirst("attention_".count)), hidden: args[0])
            }
            let expected = try NNFixture.named(c["params"])
            XCTAssertEqual(layer.namedParameters.map { $0.0 }, expected.map { $0.0 }, kind)
            for ((name, value), (_, want)) in zip(layer.namedParameters, expected) {
                XCTAssertEqual(value.toArray(), want.toArray(), "\(kind) seed \(seed): \(name) (bit-exact)")
            }
        }
    }
}
