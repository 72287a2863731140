import MarqueeCore

/// Online quality per demographic group: the online metric (follow-through) of each group's answers with its Wilson
/// interval, and the gap between the best and the worst group with enough answers.
public struct UserFairness: Sendable, Encodable {
    /// One dimension's groups.
    public struct Dimension: Sendable, Encodable {
        public var dimension: DemographicDimension
        public var groups: [OnlineMetricGroup]
        /// The best and worst group among those with at least the minimum answers, and the gap in rate points.
        public var best: String?
        public var worst: String?
        public var gapPoints: Double?
    }

    public var dimensions: [Dimension]
    /// The fewest answers a group needs to count in the gap.
    public var minimumAnswers: Int

    /// Measures `answers` (with the events after them) per group of `users` along every dimension.
    /// - Throws: `EvaluationError` for a bad configuration.
    public static func measure(
        answers: [ServedRecommendation], events: [Event], users: [UserID: User], runtimes: [MovieID: Int],
        configuration: OnlineEvaluationConfiguration = .init(), minimumAnswers: Int = 100
    ) throws(EvaluationError) -> UserFairness {
        var dimensions: [Dimension] = []
        for dimension in DemographicDimension.allCases {
            // The evaluator groups by route: the answers are relabelled with their user's group.
            let relabelled = answers.map { answer in
                ServedRecommendation(
                    user: answer.user, time: answer.time, movies: answer.movies, modelVersion: answer.modelVersion,
                    route: dimension.group(of: users[answer.user]))
            }
            let report = try OnlineEvaluator.evaluate(answers: relabelled, events: events, runtimes: runtimes, configuration: configuration)
            let counted = report.byRoute.filter { $0.answers >= minimumAnswers && $0.key != "unknown" }
            let best = counted.max { $0.followed.rate < $1.followed.rate }
            let worst = counted.min { $0.followed.rate < $1.followed.rate }
            dimensions.append(
                Dimension(
                    dimension: dimension, groups: report.byRoute, best: best?.key, worst: worst?.key,
                    gapPoints: counted.count > 1 ? best.flatMap { b in worst.map { (b.followed.rate - $0.followed.rate) * 100 } } : nil))
        }
        return UserFairness(dimensions: dimensions, minimumAnswers: minimumAnswers)
    }

    /// The largest gap over the dimensions, in rate points.
    public var largestGapPoints: Double? { dimensions.compactMap(\.gapPoints).max() }

    enum CodingKeys: String, CodingKey {
        case dimensions, minimumAnswers, largestGapPoints
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dimensions, forKey: .dimensions)
        try container.encode(minimumAnswers, forKey: .minimumAnswers)
        try container.encodeIfPresent(largestGapPoints, forKey: .largestGapPoints)
    }
}
