import Foundation
import MarqueeCore

/// xoshiro256**: the simulator's main generator, fast and of high statistical quality, seeded through SplitMix64.
///
/// The simulator never uses the system generator, so a seed fully determines its output.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    @inline(__always)
    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

extension RandomNumberGenerator {
    /// A uniform double in [0, 1).
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform double in (0, 1], safe for logarithms.
    @inline(__always)
    mutating func positiveUnit() -> Double { Double((next() >> 11) + 1) * 0x1.0p-53 }

    /// A uniform integer in `0..<bound` (`bound` > 0), by multiply-shift (negligible bias for simulation).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in a closed range.
    @inline(__always)
    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A standard normal deviate (Box–Muller, one of the pair).
    mutating func gaussian() -> Double {
        let u = positiveUnit()
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// A standard Gumbel deviate, for sampling from a softmax by taking the argmax.
    mutating func gumbel() -> Double { -log(-log(positiveUnit())) }

    /// The number of failures before the first success of a Bernoulli(p) sequence.
    mutating func geometric(_ p: Double) -> Int {
        guard p > 0 else { return Int.max }
        guard p < 1 else { return 0 }
        let value = log(positiveUnit()) / log1p(-p)
        return value >= Double(Int.max / 2) ? Int.max / 2 : Int(value)
    }
}
