/// Maps a domain of values linearly onto a range of pixels; a domain of zero width maps to the range's middle, and
/// values that are not finite map to `nil`.
public struct LinearScale: Sendable {
    public let domain: (lower: Double, upper: Double)
    public let range: (start: Double, end: Double)

    /// Creates a scale; `range.start` is where `domain.lower` lands (for a y axis, the bottom pixel).
    public init(domain: (lower: Double, upper: Double), range: (start: Double, end: Double)) {
        self.domain = domain
        self.range = range
    }

    /// The pixel of `value`, or `nil` when it or the scale is not finite.
    public func callAsFunction(_ value: Double) -> Double? {
        guard value.isFinite, domain.lower.isFinite, domain.upper.isFinite else { return nil }
        let width = domain.upper - domain.lower
        guard width > 0 else { return (range.start + range.end) / 2 }
        return range.start + (value - domain.lower) / width * (range.end - range.start)
    }
}
