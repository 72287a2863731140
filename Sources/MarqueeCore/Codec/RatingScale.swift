/// The range of ratings the streaming service allows: 1–5 by default, 1–10 in the newer variant.
public struct RatingScale: Hashable, Sendable, CustomStringConvertible {
    /// The highest rating; the lowest is always 1.
    public let maximum: Int

    /// The 1–5 scale of the original service.
    public static let fiveStars = RatingScale(checkedMaximum: 5)
    /// The 1–10 scale of the newer variant.
    public static let tenPoints = RatingScale(checkedMaximum: 10)

    /// Creates a scale from 1 to `maximum`, or `nil` unless `maximum` is between 2 and 100.
    public init?(maximum: Int) {
        guard (2...100).contains(maximum) else { return nil }
        self.maximum = maximum
    }

    private init(checkedMaximum: Int) {
        self.maximum = checkedMaximum
    }

    /// Whether `rating` is on the scale.
    public func contains(_ rating: Int) -> Bool { rating >= 1 && rating <= maximum }

    public var description: String { "1-\(maximum)" }
}
