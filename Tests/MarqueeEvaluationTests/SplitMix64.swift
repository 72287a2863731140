/// A small seeded generator for reproducible simulations in tests (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Successes among `trials` Bernoulli draws of probability `rate`.
    mutating func binomial(trials: Int, rate: Double) -> Int {
        var successes = 0
        for _ in 0..<trials where Double(next() >> 11) * 0x1.0p-53 < rate { successes += 1 }
        return successes
    }
}
