/// A named measure of a window of ingested data, checked by an ``Expectation``.
///
/// Shares are fractions of the lines read in the window (or of the records named), from 0 to 1.
public struct DataMetric: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    /// The metric's stable name, as written in an expectations file.
    public let rawValue: String

    /// Creates a metric from its name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Lines quarantined for any reason.
    public static let quarantinedShare = DataMetric(rawValue: "lines.quarantined_share")
    /// Lines that do not follow the log's schema: malformed fields, unknown shapes, numbers that do not parse.
    public static let malformedShare = DataMetric(rawValue: "lines.malformed_share")
    /// Lines read again: events identical to stored ones.
    public static let duplicateShare = DataMetric(rawValue: "lines.duplicate_share")
    /// Values outside their range: ratings off the scale, watched minutes beyond the movie's runtime.
    public static let outOfRangeShare = DataMetric(rawValue: "values.out_of_range_share")
    /// Events naming a user or movie the catalogue does not hold (quarantined or stored).
    public static let unknownReferenceShare = DataMetric(rawValue: "references.unknown_share")
    /// Stored events that arrived late or out of order: over a minute older than the newest event stored before them.
    public static let lateShare = DataMetric(rawValue: "events.late_share")
    /// Events stored per hour of event time: a format change that drops data lowers it.
    public static let eventsPerHour = DataMetric(rawValue: "events.per_hour")
    /// Active users whose catalogue record misses age, gender or occupation (or had them unparsable).
    public static let incompleteUserShare = DataMetric(rawValue: "catalogue.users_incomplete_share")
    /// Watched movies whose catalogue record misses title, genres or runtime (or had them unparsable).
    public static let incompleteMovieShare = DataMetric(rawValue: "catalogue.movies_incomplete_share")

    /// Every metric a ``DataProfile`` measures, in report order.
    public static let all: [DataMetric] = [
        .quarantinedShare, .malformedShare, .duplicateShare, .outOfRangeShare, .unknownReferenceShare, .lateShare, .eventsPerHour,
        .incompleteUserShare, .incompleteMovieShare,
    ]

    /// Whether the metric is a share (0–1, lower is better) rather than a volume (higher is better).
    public var isShare: Bool { self != .eventsPerHour }

    public static func < (lhs: DataMetric, rhs: DataMetric) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
