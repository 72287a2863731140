import MarqueeCore

extension SplitMix64 {
    /// A float uniform in [0, 1).
    mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// An integer uniform in `0..<bound` (`bound` > 0), by multiply-shift (bias below 2^-32 for our bounds).
    mutating func nextIndex(below bound: Int) -> Int { Int(((next() >> 32) &* UInt64(bound)) >> 32) }
}
