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

/// Running sums of one group, updated as answers' windows close.
struct OnlineMetricTally: Hashable, Sendable {
    var answers = 0
    var followed = 0
    var ratings = RunningMoments()
    var watchedMinutes = 0
    var costedMinutes = 0
    var views = 0
    var costedViews = 0
    var licenceCost = 0.0

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
