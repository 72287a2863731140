import MarqueeCore

/// Settings of a simulation: how big the world is, how long it runs, how users behave, how faulty the log is.
public struct SimulatorConfiguration: Sendable, Hashable {
    /// Number of users (ids `0..<users`); the reference scenario has 1,000,000.
    public var users: Int
    /// Number of movies; the reference scenario has 27,000.
    public var movies: Int
    /// Number of simulated days.
    public var days: Int
    /// The scenario day this run starts at: a run covers days `firstDay..<firstDay + days` after ``start``.
    /// Daily activity and account creation depend on the absolute day, so a run of days 0..<7 followed
    /// by a run with `firstDay: 7` continues the same scenario (e.g. warm-up, then serving).
    public var firstDay: Int
    /// The seed; equal configurations give byte-identical logs.
    public var seed: UInt64
    /// Event time of the start of scenario day 0.
    public var start: EventTime
    /// Mean probability that a user is active on a given day (individual users vary around it).
    public var dailyActivity: Double
    /// Share of the users (the highest ids) who create their account during the scenario:
    /// their first event is `GET /create_account`, and they are inactive before it.
    public var newAccountShare: Double
    /// Over how many scenario days the new accounts are created, evenly and in id order.
    public var accountGrowthDays: Int
    /// Probability, per line written, that a fault is injected there.
    public var faultRate: Double
    /// The recommendation server the service calls, `host:port`, as written in recommendation lines.
    public var recommendationServer: String
    /// How long the service waits for recommendations; slower answers are logged as timeouts.
    public var requestTimeoutMilliseconds: Int
    /// The rating scale users rate on.
    public var ratingScale: RatingScale
    /// Dimension of the hidden latent taste factors.
    public var tasteDimension: Int
    /// How many recommendation calls may be in flight at once (calls run ahead of the simulated clock).
    public var maximumConcurrentRequests: Int
    /// Disturbances of the service, by scenario day (see ``Scenario``).
    public var scenarios: [Scenario] = []
    /// Share of users whose record carries free-text answers to "What movies do you like / not like" (the newer variant
    /// of the service; see ``SelfDescriptions``). 0 by default: the older variant, whose records have none.
    public var selfDescriptionShare: Double = 0
    /// The JSON keys under which the simulated user API and `users.jsonl` write the self-descriptions (configurable,
    /// as the real service's are undocumented; see ``MarqueeCore/ServiceConfiguration``). `likes`/`dislikes` by default.
    public var selfDescriptionFields = SelfDescriptionFields()

    /// Creates a configuration; the defaults are the quick demo (2,000 users × 500 movies × 3 days).
    public init(
        users: Int = 2_000, movies: Int = 500, days: Int = 3, firstDay: Int = 0, seed: UInt64 = 42,
        start: EventTime = EventTime(microseconds: 1_735_689_600_000_000), dailyActivity: Double = 0.3,
        newAccountShare: Double = 0.05, accountGrowthDays: Int = 30, faultRate: Double = 0.005,
        recommendationServer: String = "marquee:8082", requestTimeoutMilliseconds: Int = 800,
        ratingScale: RatingScale = .fiveStars, tasteDimension: Int = 12, maximumConcurrentRequests: Int = 16
    ) {
        self.users = users
        self.movies = movies
        self.days = days
        self.firstDay = firstDay
        self.seed = seed
        self.start = start
        self.dailyActivity = dailyActivity
        self.newAccountShare = newAccountShare
        self.accountGrowthDays = accountGrowthDays
        self.faultRate = faultRate
        self.recommendationServer = recommendationServer
        self.requestTimeoutMilliseconds = requestTimeoutMilliseconds
        self.ratingScale = ratingScale
        self.tasteDimension = tasteDimension
        self.maximumConcurrentRequests = maximumConcurrentRequests
    }

    /// The reference scenario of SPEC.md: 1,000,000 users and 27,000 movies.
    public static func reference(days: Int = 1, seed: UInt64 = 42) -> SimulatorConfiguration {
        SimulatorConfiguration(users: 1_000_000, movies: 27_000, days: days, seed: seed, dailyActivity: 0.1)
    }

    /// Checks that the settings can work.
    /// - Throws: ``MarqueeError`` with code `invalid_argument`, naming the bad setting.
    public func validate() throws(MarqueeError) {
        func fail(_ message: String) -> MarqueeError { MarqueeError(.invalidArgument, message) }
        guard (1...50_000_000).contains(users) else { throw fail("users must be between 1 and 50,000,000, not \(users)") }
        guard movies >= 1, movies <= 10_000_000 else { throw fail("movies must be between 1 and 10,000,000, not \(movies)") }
        guard days >= 0, days <= 36_500 else { throw fail("days must be between 0 and 36,500, not \(days)") }
        guard firstDay >= 0, firstDay <= 36_500 else { throw fail("first day must be between 0 and 36,500, not \(firstDay)") }
        guard accountGrowthDays >= 1 else { throw fail("account growth days must be at least 1, not \(accountGrowthDays)") }
        guard (0...1).contains(dailyActivity) else { throw fail("daily activity must be between 0 and 1, not \(dailyActivity)") }
        guard (0...1).contains(newAccountShare) else { throw fail("new account share must be between 0 and 1, not \(newAccountShare)") }
        guard (0...1).contains(selfDescriptionShare) else {
            throw fail("self-description share must be between 0 and 1, not \(selfDescriptionShare)")
        }
        guard (0...0.5).contains(faultRate) else { throw fail("fault rate must be between 0 and 0.5, not \(faultRate)") }
        guard !recommendationServer.isEmpty,
            recommendationServer.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") })
        else {
            throw fail("recommendation server '\(recommendationServer)' must be host:port without spaces or commas")
        }
        guard requestTimeoutMilliseconds >= 1 else { throw fail("request timeout must be at least 1 ms, not \(requestTimeoutMilliseconds)") }
        guard (1...256).contains(tasteDimension) else { throw fail("taste dimension must be between 1 and 256, not \(tasteDimension)") }
        guard (1...10_000).contains(maximumConcurrentRequests) else {
            throw fail("maximum concurrent requests must be between 1 and 10,000, not \(maximumConcurrentRequests)")
        }
    }
}
