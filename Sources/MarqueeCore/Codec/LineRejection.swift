/// Why a log line was not accepted: a stable reason code and a detail naming the bad value.
public struct LineRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The reason code, stable across versions; used as the quarantine reason.
    public let reason: RejectionReason
    /// What exactly was wrong, for a person reading the quarantine.
    public let detail: String

    /// Creates a rejection.
    public init(_ reason: RejectionReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "\(reason.rawValue): \(detail)" }
}

/// A stable code for why a line was rejected. Codes can grow without breaking callers.
public struct RejectionReason: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The code as stored and reported, e.g. `bad_timestamp`.
    public let rawValue: String

    /// Creates a reason from its code.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The line is empty or only whitespace.
    public static let empty = RejectionReason(rawValue: "empty")
    /// The line is longer than the configured maximum.
    public static let tooLong = RejectionReason(rawValue: "too_long")
    /// The line is not valid UTF-8.
    public static let notUTF8 = RejectionReason(rawValue: "not_utf8")
    /// The line ends before all its fields are present.
    public static let truncated = RejectionReason(rawValue: "truncated")
    /// The time is not ISO-8601 `YYYY-MM-DDTHH:MM:SS[.ffffff]`.
    public static let badTimestamp = RejectionReason(rawValue: "bad_timestamp")
    /// The user id is not a non-negative integer in range.
    public static let badUserID = RejectionReason(rawValue: "bad_user_id")
    /// A movie id is not a valid slug.
    public static let badMovieID = RejectionReason(rawValue: "bad_movie_id")
    /// The watched minute is not a non-negative integer.
    public static let badMinute = RejectionReason(rawValue: "bad_minute")
    /// The rating is not an integer.
    public static let badRating = RejectionReason(rawValue: "bad_rating")
    /// The rating is an integer outside the configured scale.
    public static let ratingOutOfScale = RejectionReason(rawValue: "rating_out_of_scale")
    /// The HTTP status of a recommendation request is not an integer 0–999.
    public static let badStatus = RejectionReason(rawValue: "bad_status")
    /// The response time of a recommendation request is not `<integer> ms` (or `<integer>ms`).
    public static let badResponseTime = RejectionReason(rawValue: "bad_response_time")
    /// The request part matches none of the four event kinds.
    public static let unknownRequestShape = RejectionReason(rawValue: "unknown_request_shape")
    /// The event names a user the catalogue does not know.
    public static let unknownUser = RejectionReason(rawValue: "unknown_user")
    /// The event names a movie the catalogue does not know.
    public static let unknownMovie = RejectionReason(rawValue: "unknown_movie")

    /// Every reason the codec itself can produce.
    public static let codecReasons: [RejectionReason] = [
        .empty, .tooLong, .notUTF8, .truncated, .badTimestamp, .badUserID, .badMovieID, .badMinute, .badRating,
        .ratingOutOfScale, .badStatus, .badResponseTime, .unknownRequestShape,
    ]

    public static func < (lhs: RejectionReason, rhs: RejectionReason) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { rawValue }
}
