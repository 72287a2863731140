import MarqueeCore

/// The online metric's sums over the answers of one period, model version and route whose windows have closed.
///
/// Kept by the online rollup (`OnlineRollup` in MarqueeLifecycle), so that a report over weeks reads a row per day,
/// version and route instead of every answer, telemetry record and watched minute.
public struct OnlineOutcomeRow: Hashable, Sendable {
    /// The period's start, in event time.
    public var periodStart: EventTime
    public var modelVersion: String
    public var route: String
    /// Answers whose window closed, and those of them followed.
    public var answers: Int
    public var followed: Int
    /// Ratings in the windows: their count, mean and squared deviations from the mean, summed.
    public var ratingCount: Int
    public var ratingMean: Double
    public var ratingSquaredDeviations: Double
    /// Distinct minutes of recommended movies watched, and those of movies with a known fee.
    public var watchedMinutes: Int
    public var costedMinutes: Int
    /// Recommended views, those of movies with a known fee, and those fees summed.
    public var views: Int
    public var costedViews: Int
    public var licenceCost: Double

    /// Creates a row.
    public init(
        periodStart: EventTime, modelVersion: String, route: String, answers: Int, followed: Int, ratingCount: Int, ratingMean: Double,
        ratingSquaredDeviations: Double, watchedMinutes: Int, costedMinutes: Int, views: Int, costedViews: Int, licenceCost: Double
    ) {
        self.periodStart = periodStart
        self.modelVersion = modelVersion
        self.route = route
        self.answers = answers
        self.followed = followed
        self.ratingCount = ratingCount
        self.ratingMean = ratingMean
        self.ratingSquaredDeviations = ratingSquaredDeviations
        self.watchedMinutes = watchedMinutes
        self.costedMinutes = costedMinutes
        self.views = views
        self.costedViews = costedViews
        self.licenceCost = licenceCost
    }
}

/// Every view in one closed period (a user's first watch of a movie in it): what the licence cost of everything
/// watched is computed from.
public struct PeriodViewsRow: Hashable, Sendable {
    /// The period's start, in event time.
    public var periodStart: EventTime
    /// Views, those of movies with a known fee, and those fees summed.
    public var views: Int
    public var costedViews: Int
    public var licenceCost: Double

    /// Creates a row.
    public init(periodStart: EventTime, views: Int, costedViews: Int, licenceCost: Double) {
        self.periodStart = periodStart
        self.views = views
        self.costedViews = costedViews
        self.licenceCost = licenceCost
    }
}

/// How far the online rollup has folded.
public struct OnlineRollupState: Hashable, Sendable {
    /// Every answer and view before this event time (the start of a period) is in the rows, and none after.
    public var foldedBefore: EventTime
    /// Wall time from which telemetry is read to join the answers not folded yet; `nil`: all of it.
    public var telemetryFrom: WallTime?
    /// The online metric's settings the rows were computed under (their JSON); rows of other settings are not used.
    public var settings: String

    /// Creates a state.
    public init(foldedBefore: EventTime, telemetryFrom: WallTime?, settings: String) {
        self.foldedBefore = foldedBefore
        self.telemetryFrom = telemetryFrom
        self.settings = settings
    }
}

/// Where the online rollup is kept: closed periods of the online metric and of views, and how far they reach.
public protocol OnlineRollupStore: Sendable {
    /// How far the rollup reaches, or `nil` before its first fold.
    func onlineRollupState() async throws(StoreError) -> OnlineRollupState?

    /// The outcome rows of the periods starting at or after `start` (all when `nil`), by period, version and route.
    func onlineOutcomes(since start: EventTime?) async throws(StoreError) -> [OnlineOutcomeRow]

    /// The views rows of the periods starting at or after `start` (all when `nil`), by period.
    func periodViews(since start: EventTime?) async throws(StoreError) -> [PeriodViewsRow]

    /// Writes `outcomes` and `views` (replacing rows of the same key; with `clearing`, dropping every other row first)
    /// and records `state`, in one transaction, provided the recorded state is still `expected`: of two processes
    /// folding at once, one wins and the other's fold is not counted twice.
    /// - Returns: whether the fold was recorded.
    func recordOnlineFold(
        outcomes: [OnlineOutcomeRow], views: [PeriodViewsRow], state: OnlineRollupState, expected: OnlineRollupState?, clearing: Bool
    ) async throws(StoreError) -> Bool
}
