import MarqueeCore

extension SplitMix64 {
    /// Successes among `trials` Bernoulli draws of probability `rate`.
    mutating func binomial(trials: Int, rate: Double) -> Int {
        var successes = 0
        for _ in 0..<trials where Double(next() >> 11) * 0x1.0p-53 < rate { successes += 1 }
        return successes
    }
}
