import MarqueeCore
import MarqueeEvaluation

/// What a ``FeedbackLoopStudy`` measured: per arm (exploration share) and week, how concentrated recommendations and
/// watches were, how diverse users' watching was, and what share of answers users followed.
public struct FeedbackLoopStudyReport: Sendable, Encodable {
    /// One week of one arm: the version that served it and what it led to.
    public struct Week: Sendable, Encodable {
        public var week: Int
        public var start: EventTime
        public var version: String
        public var answers: Int
        /// Gini coefficient of recommendation slots per catalogue movie.
        public var recommendationGini: Double
        /// Gini coefficient of watches (distinct users per movie) during the week.
        public var watchGini: Double
        /// Mean over active users of the distinct genres they watched in the last 7 days, over the week's days.
        public var meanGenres: Double?
        /// Share of answers followed by a watch of a recommended movie (the online metric).
        public var followThrough: Double?

        /// Leaves out `start`, which the week's number stands for in the JSON.
        enum CodingKeys: String, CodingKey {
            case week, version, answers, recommendationGini, watchGini, meanGenres, followThrough
        }
    }

    /// One exploration share's run.
    public struct Arm: Sendable, Encodable {
        public var explorationShare: Double
        public var weeks: [Week]
        /// Whether recommendations concentrated over the versions (see ``FeedbackLoops/popularityReinforcement``).
        public var popularityReinforcement: Bool
        /// Whether users' watching narrowed (see ``FeedbackLoops/narrowing``).
        public var narrowing: Bool
        /// Slope of the daily genre diversity, in genres per day.
        public var diversitySlopePerDay: Double?
        /// The online metric over every answer of the arm.
        public var followThrough: Double

        /// The least-squares slope of the recommendation Gini per week over the versions trained on their predecessors'
        /// log (week 1 on; week 0's model learnt from browsing alone): positive when the loop reinforces popularity.
        public var loopSlopePerWeek: Double? { FeedbackLoops.slope(weeks.dropFirst().map(\.recommendationGini)) }
        /// The same slope of the watch Gini: whether watching concentrates with the recommendations.
        public var watchLoopSlopePerWeek: Double? { FeedbackLoops.slope(weeks.dropFirst().map(\.watchGini)) }

        /// Change of the recommendation Gini from the first week's version to the last's.
        public var recommendationGiniChange: Double { (weeks.last?.recommendationGini ?? 0) - (weeks.first?.recommendationGini ?? 0) }
        /// Change of the watch Gini from the first week to the last.
        public var watchGiniChange: Double { (weeks.last?.watchGini ?? 0) - (weeks.first?.watchGini ?? 0) }

        enum CodingKeys: String, CodingKey {
            case weeks, narrowing, explorationShare, popularityReinforcement, diversitySlopePerDay, followThrough, recommendationGiniChange,
                watchGiniChange, loopSlopePerWeek, watchLoopSlopePerWeek
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(explorationShare, forKey: .explorationShare)
            try container.encode(popularityReinforcement, forKey: .popularityReinforcement)
            try container.encode(narrowing, forKey: .narrowing)
            try container.encodeIfPresent(diversitySlopePerDay, forKey: .diversitySlopePerDay)
            try container.encode(followThrough, forKey: .followThrough)
            try container.encode(recommendationGiniChange, forKey: .recommendationGiniChange)
            try container.encode(watchGiniChange, forKey: .watchGiniChange)
            try container.encodeIfPresent(loopSlopePerWeek, forKey: .loopSlopePerWeek)
            try container.encodeIfPresent(watchLoopSlopePerWeek, forKey: .watchLoopSlopePerWeek)
            try container.encode(weeks, forKey: .weeks)
        }
    }

    public var users: Int
    public var movies: Int
    public var warmUpDays: Int
    public var weeks: Int
    public var model: String
    public var seed: UInt64
    public var arms: [Arm]
    public var elapsedSeconds: Double
}

extension FeedbackLoopStudyReport.Arm {
    /// An arm's measures, with each version's week found from `weekStart` (the event time week `n` began).
    init(explorationShare: Double, loops: FeedbackLoops, online: OnlineEvaluationReport, weekStart: (Int) -> EventTime) {
        let weeks = loops.versions.compactMap { version -> FeedbackLoopStudyReport.Week? in
            guard let week = Int(version.version.dropFirst("week-".count)) else { return nil }
            let start = weekStart(week)
            let end = weekStart(week + 1)
            let days = loops.diversity.filter { $0.start >= start && $0.start < end }
            return FeedbackLoopStudyReport.Week(
                week: week, start: start, version: version.version, answers: version.answers, recommendationGini: version.recommendationGini,
                watchGini: version.watchGini, meanGenres: days.isEmpty ? nil : days.map(\.meanGenres).reduce(0, +) / Double(days.count),
                followThrough: online.group(modelVersion: version.version)?.followed.rate)
        }
        self.init(
            explorationShare: explorationShare, weeks: weeks.sorted { $0.week < $1.week }, popularityReinforcement: loops.popularityReinforcement,
            narrowing: loops.narrowing, diversitySlopePerDay: loops.diversitySlopePerDay, followThrough: online.overall.followed.rate)
    }
}
