import MarqueeCore

/// A user's stable position in [0, 1) for a named split: the same user always lands in the same place, different
/// splits (salts) are independent, and positions are uniform, so "the first 10 %" is a fair 10 % sample.
public struct UserBucket: Sendable {
    /// The split's salt, e.g. a hash of the experiment name.
    public let salt: UInt64

    /// Creates the bucketing of a split named `name`.
    public init(name: String) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        self.salt = hash
    }

    /// The position of `user` in [0, 1).
    public func position(of user: UserID) -> Double {
        // SplitMix64's first draw from the state `user + salt`.
        var random = SplitMix64(seed: UInt64(bitPattern: user.rawValue) &+ salt)
        return Double(random.next() >> 11) / Double(UInt64(1) << 53)
    }
}
