/// One line of the streaming service's event log, parsed.
public struct Event: Hashable, Sendable {
    /// When the service logged the event.
    public var time: EventTime
    /// The user the event is about.
    public var user: UserID
    /// What happened.
    public var kind: EventKind

    /// Creates an event.
    public init(time: EventTime, user: UserID, kind: EventKind) {
        self.time = time
        self.user = user
        self.kind = kind
    }
}

/// The four kinds of event of the log (SPEC.md §1).
public enum EventKind: Hashable, Sendable {
    /// The user watched one minute of a movie: `GET /data/m/<movie>/<minute>.mpg`.
    case watch(movie: MovieID, minute: Int)
    /// The user rated a movie: `GET /rate/<movie>=<rating>`.
    case rate(movie: MovieID, rating: Int)
    /// The service asked Marquee for recommendations for the user.
    case recommendation(RecommendationRequest)
    /// The user created an account: `GET /create_account`.
    case accountCreated

    /// A short stable name of the kind: `watch`, `rate`, `recommendation` or `account`.
    public var name: String {
        switch self {
        case .watch: "watch"
        case .rate: "rate"
        case .recommendation: "recommendation"
        case .accountCreated: "account"
        }
    }

    /// The movie the event is about, for watch and rate events.
    public var movie: MovieID? {
        switch self {
        case .watch(let movie, _), .rate(let movie, _): movie
        case .recommendation, .accountCreated: nil
        }
    }
}

/// A recommendation request as the streaming service logged it after calling a recommendation server.
public struct RecommendationRequest: Hashable, Sendable {
    /// The server called, `host:port`.
    public var server: String
    /// The HTTP status: 200 on success, 0 when the call failed (timeout, refused), or another status such as 500 or 503
    /// that the service logged with an error text; every status but 200 is a failed request (``succeeded``).
    public var status: Int
    /// The movies returned, or the error text.
    public var result: RecommendationResult
    /// How long the call took, in milliseconds.
    public var responseTimeMilliseconds: Int

    /// Creates a request record.
    public init(server: String, status: Int, result: RecommendationResult, responseTimeMilliseconds: Int) {
        self.server = server
        self.status = status
        self.result = result
        self.responseTimeMilliseconds = responseTimeMilliseconds
    }

    /// Whether the call succeeded: status 200. Availability counts every other status as a failure.
    public var succeeded: Bool { status == 200 }

    /// The movies recommended; empty when the call failed.
    public var movies: [MovieID] {
        if case .movies(let movies) = result { return movies }
        return []
    }
}

/// What a recommendation call returned.
public enum RecommendationResult: Hashable, Sendable {
    /// The comma-separated movie list of a successful call.
    case movies([MovieID])
    /// The error text of a failed call, e.g. a timeout message.
    case error(String)
}
