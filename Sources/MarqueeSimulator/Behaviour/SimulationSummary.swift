import MarqueeCore

/// What a simulation produced: counts of lines, sessions, requests and injected faults.
public struct SimulationSummary: Sendable, Hashable, CustomStringConvertible {
    /// Lines written, including fault lines.
    public var lines = 0
    /// Bytes written, including line terminators.
    public var bytes = 0
    /// Well-formed watch lines (one per minute watched).
    public var watchLines = 0
    /// Well-formed rate lines.
    public var rateLines = 0
    /// Recommendation request lines (successful and failed).
    public var recommendationLines = 0
    /// Account creation lines.
    public var accountLines = 0
    /// Sessions started.
    public var sessions = 0
    /// Distinct users with at least one session or account creation.
    public var activeUsers = 0
    /// Recommendation calls made.
    public var requests = 0
    /// Calls logged with status 0: timeouts, errors, non-200 and malformed answers.
    public var failedRequests = 0
    /// Calls that took longer than the timeout.
    public var timedOutRequests = 0
    /// Movies started that the user picked from the recommendations shown (a followed recommendation).
    public var followedRecommendations = 0
    /// Sessions with a successful recommendation call in which at least one recommended movie was started.
    public var sessionsFollowingRecommendations = 0
    /// Movies started, whether recommended or found by browsing.
    public var moviesStarted = 0
    /// Movies watched to the end.
    public var moviesFinished = 0
    /// Sum of licence costs of movies started, USD.
    public var licenceCost = 0.0
    /// Faults injected, by kind.
    public var faults: [FaultKind: Int] = [:]
    /// Event time of the first and last well-formed line, when any.
    public var firstEventTime: EventTime?
    /// Event time of the last well-formed line.
    public var lastEventTime: EventTime?

    /// Creates an empty summary.
    public init() {}

    /// All faults injected.
    public var faultCount: Int { faults.values.reduce(0, +) }

    /// Faults whose line a strict ``LogLineCodec`` rejects (malformed, truncated, out-of-range rating).
    public var rejectableFaultCount: Int { faults.filter { $0.key.isRejectedByCodec }.values.reduce(0, +) }

    /// Share of sessions with a successful recommendation call in which a recommended movie was started.
    public var followRate: Double {
        let answered = requests - failedRequests
        return answered > 0 ? Double(sessionsFollowingRecommendations) / Double(answered) : 0
    }

    public var description: String {
        let faultText = FaultKind.allCases.compactMap { kind in faults[kind].map { "\(kind.rawValue)=\($0)" } }.joined(separator: " ")
        return """
            lines=\(lines) bytes=\(bytes) watch=\(watchLines) rate=\(rateLines) recommendation=\(recommendationLines) \
            account=\(accountLines) sessions=\(sessions) active_users=\(activeUsers) requests=\(requests) \
            failed=\(failedRequests) timeouts=\(timedOutRequests) started=\(moviesStarted) finished=\(moviesFinished) \
            followed=\(followedRecommendations) following_sessions=\(sessionsFollowingRecommendations) licence_cost=\(Int(licenceCost.rounded())) faults=\(faultCount)\
            \(faultText.isEmpty ? "" : " (\(faultText))")
            """
    }
}

/// A kind of fault the simulator injects into the log, as real streams contain them.
public enum FaultKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A garbage line: bad time, bad user, unknown request, spaces in a slug, invalid UTF-8, ...
    case malformed
    /// A line cut off before its end (replaces the real line).
    case truncated
    /// A rate line with a rating outside the scale.
    case ratingOutOfRange = "rating_out_of_range"
    /// A well-formed watch or rate line naming a movie the catalogue does not have.
    case unknownMovie = "unknown_movie"
    /// A well-formed line naming a user the population does not have.
    case unknownUser = "unknown_user"
    /// A line written twice.
    case duplicate
    /// A line delivered late, after lines with later timestamps.
    case outOfOrder = "out_of_order"

    /// Whether ``LogLineCodec`` rejects the faulty line (the others parse and need semantic checks).
    public var isRejectedByCodec: Bool {
        switch self {
        case .malformed, .truncated, .ratingOutOfRange: true
        case .unknownMovie, .unknownUser, .duplicate, .outOfOrder: false
        }
    }
}
