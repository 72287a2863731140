/// SplitMix64: a tiny, fast, seedable generator, the same on every platform.
///
/// Training draws from it so that a model is reproducible for a seed. Its state is one 64-bit word, so the simulator
/// derives independent streams from `(seed, key)` and regenerates a user's or a movie's random properties on demand
/// from the simulation seed and the id alone, without holding them in memory.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// Creates a generator for the stream `stream` of `key` under `seed`; equal arguments give equal streams.
    public init(seed: UInt64, stream: UInt64, key: UInt64) {
        state = SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x9E37_79B9_7F4A_7C15) ^ SplitMix64.mix(key &* 0xD1B5_4A32_D192_ED03))
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 finaliser: a bijective avalanche of 64 bits.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1) derived statelessly from three keys.
    @inline(__always)
    public static func unit(seed: UInt64, stream: UInt64, key: UInt64) -> Double {
        let bits = mix(seed ^ mix(stream &+ 0x9E37_79B9_7F4A_7C15) ^ mix(key &* 0xD1B5_4A32_D192_ED03) &+ 0x9E37_79B9_7F4A_7C15)
        return Double(bits >> 11) * 0x1.0p-53
    }
}
