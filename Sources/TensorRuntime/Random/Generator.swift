// TEMPORARY scaffold so other code compiles: the random-numbers work replaces this file's
// internals with a torch-compatible generator, keeping these public signatures.

/// The one process-wide seeded generator behind every random tensor and number.
public final class RandomGenerator {
    public static let shared = RandomGenerator(seed: 0)
    var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E3779B97F4A7C15 }

    public func seed(_ value: UInt64) { state = value &+ 0x9E3779B97F4A7C15 }

    public func nextUInt64() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public func nextDouble() -> Double { Double(nextUInt64() >> 11) * 0x1.0p-53 }
}

/// torch.manual_seed.
public func manualSeed(_ seed: UInt64) { RandomGenerator.shared.seed(seed) }

/// Standard normal samples, as torch.randn.
public func randn(_ shape: [Int]) throws -> Tensor {
    let t = try Tensor.uninitialized(shape, op: "randn")
    let g = RandomGenerator.shared
    for i in 0..<t.count {
        let u1 = max(g.nextDouble(), 1e-300), u2 = g.nextDouble()
        t.dataPointer[i] = Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }
    return t
}

/// Uniform samples in [0, 1), as torch.rand.
public func rand(_ shape: [Int]) throws -> Tensor {
    try uniformTensor(shape, from: 0, to: 1)
}

/// Whole numbers uniform in [low, high), as torch.randint (stored as float32).
public func randint(_ low: Int, _ high: Int, _ shape: [Int]) throws -> Tensor {
    guard high > low else { throw TensorError("randint", "high (\(high)) must be greater than low (\(low))") }
    let t = try Tensor.uninitialized(shape, op: "randint")
    for i in 0..<t.count { t.dataPointer[i] = Float(low + Int(RandomGenerator.shared.nextUInt64() % UInt64(high - low))) }
    return t
}

/// A tensor filled as `tensor.uniform_(from, to)` fills it (layer initialisation).
public func uniformTensor(_ shape: [Int], from: Float, to: Float) throws -> Tensor {
    let t = try Tensor.uninitialized(shape, op: "uniform")
    for i in 0..<t.count { t.dataPointer[i] = from + (to - from) * Float(RandomGenerator.shared.nextDouble()) }
    return t
}

/// A tensor filled as `tensor.normal_(mean, std)` fills it (embedding initialisation).
public func normalTensor(_ shape: [Int], mean: Float = 0, std: Float = 1) throws -> Tensor {
    let t = try randn(shape)
    for i in 0..<t.count { t.dataPointer[i] = mean + std * t.dataPointer[i] }
    return t
}

#if canImport(Glibc)
import Glibc
#endif
