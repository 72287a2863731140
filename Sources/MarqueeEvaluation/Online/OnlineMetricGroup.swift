/// The online metric of one group of answers: all of them, one model version, one route or one period.
public struct OnlineMetricGroup: Hashable, Sendable, Codable {
    /// What the group holds: a model version, a route, the period's start (ISO-8601) or `all`.
    public let key: String
    /// Answers whose window is over.
    public let answers: Int
    /// Answers followed by watching enough of a recommended movie in the window, with the rate's Wilson interval.
    public let followed: ProportionEstimate
    /// Ratings given in the window to recommended movies the user watched (one per movie and answer: the last).
    public let ratingCount: Int
    /// Their mean, or `nil` without ratings.
    public let meanRating: Double?
    /// Their mean with a Student-t interval, or `nil` below two ratings.
    public let rating: MeanEstimate?
    /// Distinct minutes of recommended movies watched in the windows, summed over answers.
    public let watchedMinutes: Int
    /// Licence fees of the recommended movies watched, one per movie and answer; `nil` when no costs were given.
    public let licenceCost: Double?
    /// ``licenceCost`` per watched minute of movies with a known fee; `nil` without costs or such minutes.
    public let costPerWatchedMinute: Double?
    /// Recommended views: recommended movies the user watched at least a minute of in an answer's window, one per movie
    /// and answer (what ``licenceCost`` sums a fee for, when the movie has one).
    public let views: Int
    /// The ``views`` of movies with a known fee: what ``licenceCost`` divides by to give ``licenceCostPerView``.
    public let costedViews: Int
    /// ``licenceCost`` per recommended view of a movie with a known fee; `nil` without costs or such views.
    public let licenceCostPerView: Double?

    init(key: String, tally: OnlineMetricTally, hasCosts: Bool, confidence: Double) throws(EvaluationError) {
        self.key = key
        answers = tally.answers
        followed = try ProportionEstimate(successes: tally.followed, trials: tally.answers, confidence: confidence)
        ratingCount = tally.ratings.count
        meanRating = tally.ratings.count > 0 ? tally.ratings.mean : nil
        rating =
            tally.ratings.count >= 2
            ? try MeanEstimate(count: tally.ratings.count, mean: tally.ratings.mean, variance: tally.ratings.variance, confidence: confidence)
            : nil
        watchedMinutes = tally.watchedMinutes
        licenceCost = hasCosts ? tally.licenceCost : nil
        costPerWatchedMinute = hasCosts && tally.costedMinutes > 0 ? tally.licenceCost / Double(tally.costedMinutes) : nil
        views = tally.views
        costedViews = tally.costedViews
        licenceCostPerView = hasCosts && tally.costedViews > 0 ? tally.licenceCost / Double(tally.costedViews) : nil
    }
}

/// Running sums of one group, updated as answers' windows close; tallies of disjoint answers add up with
/// ``merge(_:)``, which is how a rollup of closed periods (``OnlineOutcomeKey``) joins the answers still open.
public struct OnlineMetricTally: Hashable, Sendable {
    public var answers = 0
    public var followed = 0
    var ratings = RunningMoments()
    public var watchedMinutes = 0
    public var costedMinutes = 0
    public var views = 0
    public var costedViews = 0
    public var licenceCost = 0.0

    /// An empty tally.
    public init() {}

    /// A tally as stored: the ratings as their count, mean and summed squared deviations from the mean.
    public init(
        answers: Int, followed: Int, ratingCount: Int, ratingMean: Double, ratingSquaredDeviations: Double, watchedMinutes: Int,
        costedMinutes: Int, views: Int, costedViews: Int, licenceCost: Double
    ) {
        self.answers = answers
        self.followed = followed
        ratings = RunningMoments(count: ratingCount, mean: ratingMean, squaredDeviations: ratingSquaredDeviations)
        self.watchedMinutes = watchedMinutes
        self.costedMinutes = costedMinutes
        self.views = views
        self.costedViews = costedViews
        self.licenceCost = licenceCost
    }

    /// Ratings given in the windows.
    public var ratingCount: Int { ratings.count }
    /// Their mean (0 without ratings).
    public var ratingMean: Double { ratings.mean }
    /// Their squared deviations from ``ratingMean``, summed.
    public var ratingSquaredDeviations: Double { ratings.squaredDeviations }

    /// Adds one closed answer's outcome.
    mutating func add(_ outcome: AnswerOutcome) {
        answers += 1
        if outcome.followed { followed += 1 }
        for rating in outcome.ratings { ratings.add(Double(rating)) }
        watchedMinutes += outcome.watchedMinutes
        costedMinutes += outcome.costedMinutes
        views += outcome.views
        costedViews += outcome.costedViews
        licenceCost += outcome.licenceCost
    }

    /// Adds the answers `other` tallies, which must be others than this one's.
    public mutating func merge(_ other: OnlineMetricTally) {
        answers += other.answers
        followed += other.followed
        ratings.merge(other.ratings)
        watchedMinutes += other.watchedMinutes
        costedMinutes += other.costedMinutes
        views += other.views
        costedViews += other.costedViews
        licenceCost += other.licenceCost
    }
}

/// The finest group of closed answers a rollup keeps: one period of the answers' event time, model version and route.
public struct OnlineOutcomeKey: Hashable, Sendable, Comparable {
    /// The period's start, in microseconds of event time.
    public var periodStart: Int64
    public var modelVersion: String
    public var route: String

    /// Creates a key.
    public init(periodStart: Int64, modelVersion: String, route: String) {
        self.periodStart = periodStart
        self.modelVersion = modelVersion
        self.route = route
    }

    public static func < (left: OnlineOutcomeKey, right: OnlineOutcomeKey) -> Bool {
        (left.periodStart, left.modelVersion, left.route) < (right.periodStart, right.modelVersion, right.route)
    }
}

/// What happened after one answer, once its window is over.
struct AnswerOutcome: Hashable, Sendable {
    var followed = false
    var ratings: [Int] = []
    var watchedMinutes = 0
    var costedMinutes = 0
    /// Recommended movies watched in the window, and those of them with a known fee.
    var views = 0
    var costedViews = 0
    var licenceCost = 0.0
}
