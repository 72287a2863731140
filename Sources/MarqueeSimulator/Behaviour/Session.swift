/// One user's visit to the service, from the recommendation request to the last movie.
struct Session {
    enum Phase: UInt8 {
        /// The recommendation call returned; its line is due.
        case showRecommendations
        /// The user picks a movie.
        case choose
        /// The user watches the next minute.
        case watch
        /// The user rates the movie just watched.
        case rate
    }

    var user: Int
    var taste: UserTaste
    var phase: Phase
    /// Whether a `popularity-shock` scenario had begun when the session started.
    var shocked = false
    /// The movies a `shilling` account watches to the end and rates at the top, in order; empty for a real user.
    var shillPlan: [Int] = []
    /// The recommendation line to log, until it is logged.
    var request: RecommendationLine?
    /// Known movies recommended, best first, at most 20.
    var recommended: [Int] = []
    /// Whether a recommended movie was started in this session.
    var followedRecommendation = false
    /// Movies started in this session.
    var started: [Int] = []
    var movie = -1
    var minute = 0
    var minutes = 0
    var rating = 0
    /// `,<user>,GET /data/m/<slug>/` of the current movie.
    var watchInfix: [UInt8] = []
}

/// The recommendation request as the service logs it.
struct RecommendationLine {
    var status: Int
    var movies: [Int]
    /// The listed slugs, or the error text, as written after `result: `.
    var result: [UInt8]
    var milliseconds: Int
}

/// A session start or account creation planned for a day.
struct PlannedStart: Comparable {
    enum Kind: UInt8 {
        case account
        case session
        /// A `shilling` scenario's fake session.
        case shill
    }

    var time: Int64
    var user: Int32
    var kind: Kind

    static func < (a: PlannedStart, b: PlannedStart) -> Bool {
        (a.time, a.user, a.kind.rawValue) < (b.time, b.user, b.kind.rawValue)
    }
}
