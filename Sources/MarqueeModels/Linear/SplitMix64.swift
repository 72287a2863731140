/// A small, fast, seedable generator (SplitMix64), so training is reproducible for a seed on every platform.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float uniform in [0, 1).
    mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// An integer uniform in `0..<bound` (`bound` > 0), by multiply-shift (bias below 2^-32 for our bounds).
    mutating func nextIndex(below bound: Int) -> Int { Int(((next() >> 32) &* UInt64(bound)) >> 32) }
}
