#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one process-wide seeded generator behind every random tensor and number, producing
/// the same stream as PyTorch's default CPU generator after `torch.manual_seed(s)`.
///
/// Algorithm (PyTorch's `CPUGeneratorImpl`, `DistributionsHelper.h`, `TransformationHelper.h`):
/// - Engine: MT19937 seeded with `s & 0xFFFF_FFFF` (see `MersenneTwister`). `nextUInt32()` is one
///   engine output; `nextUInt64()` is two outputs, the first in the high half.
/// - float32 uniform in [a, b): the low 24 bits of one `nextUInt32()` times 2⁻²⁴, then
///   `x * (b - a) + a` in float32 with a fused multiply-add (PyTorch's AVX2/AVX-512 kernels are
///   compiled with FMA contraction).
/// - float64 uniform in [0, 1) (`nextDouble`, Python's `random()`): the low 53 bits of
///   `nextUInt64()` times 2⁻⁵³ — what `torch.rand((), dtype=torch.float64)` returns.
/// - Scalar normal (`normal_` / `randn` of fewer than 16 elements): double-precision Box–Muller
///   from two double uniforms u1, u2: r = √(−2·log1p(−u2)), θ = 2π·u1; returns r·cos θ and keeps
///   r·sin θ for the next scalar normal draw. `seed` clears that cached value.
/// - Vectorised normal (`normal_` / `randn` of 16 or more elements): see `NormalFill`.
/// - Integers in [low, high): `nextUInt32() % (high − low) + low`, or `nextUInt64()` when the
///   range is 2³² or more.
/// - Bernoulli(p) (`bernoulli_`, the dropout mask): `nextDouble() < p`.
///
/// Parity is bit for bit with torch 2.15 on x86-64 CPUs with AVX2 or AVX-512 (the kernels
/// PyTorch picks on nearly every PC; see RandomTests and scripts/fixtures/random.py). A torch
/// running its generic kernels (`ATEN_CPU_CAPABILITY=default`, or ARM) uses the C library's
/// log/sin/cos and no FMA for 16+ element normals and for `uniform_(a, b)`, so its values there
/// can differ from these in the last bit.
public final class RandomGenerator {
    public static let shared = RandomGenerator(seed: 0)

    private var engine: MersenneTwister
    /// The second half of the last scalar Box–Muller pair, as PyTorch's `next_double_normal_sample`.
    private var cachedNormal: Double?
    /// The seed last given to `seed(_:)`, as `torch.initial_seed()`.
    public private(set) var initialSeed: UInt64

    public init(seed: UInt64) {
        engine = MersenneTwister(seed: seed)
        initialSeed = seed
    }

    deinit { engine.deallocate() }

    /// Restarts the stream, as `torch.manual_seed(value)`.
    public func seed(_ value: UInt64) {
        engine.reseed(value)
        cachedNormal = nil
        initialSeed = value
    }

    /// One raw 32-bit engine output (`CPUGeneratorImpl::random`).
    @inline(__always)
    public func nextUInt32() -> UInt32 { engine.nextUInt32() }

    /// Two engine outputs, the first in the high half (`CPUGeneratorImpl::random64`).
    @inline(__always)
    public func nextUInt64() -> UInt64 {
        let high = UInt64(engine.nextUInt32())
        return high << 32 | UInt64(engine.nextUInt32())
    }

    /// Uniform in [0, 1) with 53 random bits; the language's `random()`.
    public func nextDouble() -> Double {
        Double(nextUInt64() & (1 << 53 - 1)) * 0x1p-53
    }

    /// Uniform in [0, 1) with 24 random bits, as one element of `torch.rand`.
    @inline(__always)
    public func nextFloat() -> Float {
        Float(engine.nextUInt32() & 0xFF_FFFF) * 0x1p-24
    }

    /// Uniform in [from, to), as one element of float32 `uniform_(from, to)`.
    @inline(__always)
    public func nextFloat(from: Float, to: Float) -> Float {
        fusedMultiplyAdd(nextFloat(), to - from, from)
    }

    /// A whole number uniform in [low, high), as `torch.randint(low, high, ()).item()`.
    /// Throws when the range is empty or does not fit in 64 bits.
    public func nextInt(_ low: Int, _ high: Int, op: String = "randint") throws -> Int {
        let range = try RandomGenerator.range(low, high, op: op)
        return nextInt(low: low, range: range)
    }

    @inline(__always)
    func nextInt(low: Int, range: UInt64) -> Int {
        let raw = range >= 1 << 32 ? nextUInt64() : UInt64(engine.nextUInt32())
        return low &+ Int(truncatingIfNeeded: raw % range)
    }

    /// The size of [low, high) as PyTorch's `random_from_to` computes it, or an error.
    static func range(_ low: Int, _ high: Int, op: String) throws -> UInt64 {
        guard high > low else {
            throw TensorError(op, "high (\(high)) must be greater than low (\(low))")
        }
        return UInt64(bitPattern: Int64(high &- low))  // high > low, so the wrapped difference is exact
    }

    /// One standard-normal sample by the scalar (double-precision, cached) path, then scaled:
    /// `value * std + mean` in double, as `at::normal_distribution<double>`.
    public func nextNormal(mean: Double = 0, std: Double = 1) -> Double {
        let z: Double
        if let cached = cachedNormal {
            cachedNormal = nil
            z = cached
        } else {
            let u1 = nextDouble()
            let u2 = nextDouble()
            let r = (-2 * log1p(-u2)).squareRoot()
            let theta = 2 * Double.pi * u1
            cachedNormal = r * sin(theta)
            z = r * cos(theta)
        }
        return mean.addingProduct(z, std)
    }

    /// A random permutation of 0..<n, as `torch.randperm(n)` (a forward Fisher–Yates walk with
    /// one 32-bit draw per step). Used for the language's `shuffle`.
    public func permutation(_ n: Int) -> [Int] {
        guard n > 0 else { return [] }
        var result = Array(0..<n)
        result.withUnsafeMutableBufferPointer { r in
            for i in 0..<(n &- 1) {
                let span = UInt64(n &- i)
                let raw = span >= 1 << 32 ? nextUInt64() : UInt64(engine.nextUInt32())
                let j = i &+ Int(raw % span)
                r.swapAt(i, j)
            }
        }
        return result
    }
}

/// torch.manual_seed.
public func manualSeed(_ seed: UInt64) { RandomGenerator.shared.seed(seed) }
