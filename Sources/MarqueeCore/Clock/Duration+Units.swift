extension Duration {
    /// The duration in seconds, with its fraction.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }

    /// The duration in milliseconds, with its fraction.
    public var inMilliseconds: Double { inSeconds * 1_000 }

    /// The duration in whole milliseconds, rounded towards zero.
    public var wholeMilliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }

    /// The duration in whole microseconds, rounded towards zero.
    public var wholeMicroseconds: Int64 { components.seconds * 1_000_000 + components.attoseconds / 1_000_000_000_000 }

    /// The duration in whole nanoseconds, rounded towards zero.
    public var wholeNanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
