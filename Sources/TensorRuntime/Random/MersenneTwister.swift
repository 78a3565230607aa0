/// The 32-bit Mersenne Twister (MT19937) exactly as PyTorch's `at::mt19937` runs it: the
/// state is seeded from the low 32 bits of the seed with Knuth's multiplier 1812433253,
/// and all 624 words are regenerated at once when the previous batch is used up.
///
/// A struct with a manually managed buffer rather than a `[UInt32]`: the generator sits on
/// the hot path of every random tensor, and array bounds and uniqueness checks would cost
/// more than the twist itself.
struct MersenneTwister {
    static let stateSize = 624
    static let shift = 397

    private let state: UnsafeMutablePointer<UInt32>
    private var next = 0

    init(seed: UInt64) {
        state = .allocate(capacity: MersenneTwister.stateSize)
        reseed(seed)
    }

    /// Frees the state buffer; the owner calls this exactly once.
    func deallocate() { state.deallocate() }

    mutating func reseed(_ seed: UInt64) {
        state[0] = UInt32(truncatingIfNeeded: seed)
        for j in 1..<MersenneTwister.stateSize {
            let previous = state[j &- 1]
            state[j] = 1_812_433_253 &* (previous ^ (previous >> 30)) &+ UInt32(j)
        }
        // Forces a twist before the first output, as at::mt19937 does (left_ = 1).
        next = MersenneTwister.stateSize
    }

    @inline(__always)
    mutating func nextUInt32() -> UInt32 {
        if next >= MersenneTwister.stateSize { twist() }
        var y = state[next]
        next &+= 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        let n = MersenneTwister.stateSize, m = MersenneTwister.shift
        @inline(__always) func mixed(_ upper: UInt32, _ lower: UInt32) -> UInt32 {
            let y = (upper & 0x8000_0000) | (lower & 0x7FFF_FFFF)
            return (y >> 1) ^ ((lower & 1) != 0 ? 0x9908_B0DF : 0)
        }
        for k in 0..<(n &- m) { state[k] = state[k &+ m] ^ mixed(state[k], state[k &+ 1]) }
        for k in (n &- m)..<(n &- 1) { state[k] = state[k &+ m &- n] ^ mixed(state[k], state[k &+ 1]) }
        state[n &- 1] = state[m &- 1] ^ mixed(state[n &- 1], state[0])
        next = 0
    }
}
