import MarqueeCore
import MarqueeModels

/// Percentiles of per-request recommendation latency, in milliseconds.
public struct LatencySummary: Hashable, Sendable, Codable {
    /// Median.
    public var p50: Double
    /// 99th percentile.
    public var p99: Double

    /// Creates a summary.
    public init(p50: Double, p99: Double) {
        self.p50 = p50
        self.p99 = p99
    }

    /// Nearest-rank percentiles of `milliseconds` (the smallest value with at least p % of values at or below it).
    public init(milliseconds: [Double]) {
        let sorted = milliseconds.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
            return sorted[min(sorted.count - 1, max(0, rank - 1))]
        }
        self.init(p50: percentile(50), p99: percentile(99))
    }
}

/// How one model did on one split's test users.
public struct OfflineEvaluation: Sendable {
    /// Metrics over all test users.
    public var metrics: MetricSet
    /// Metrics per demographic group.
    public var byGroup: GroupBreakdown
    /// Test users evaluated.
    public var users: Int
    /// Per-request latency of the `recommend` calls made for the evaluation, one at a time on one thread.
    public var latency: LatencySummary
}

/// Asks `recommender` for each test user's top 20 (excluding the user's training movies), one request at a time on
/// the calling thread, timing each with `clock`, and computes every metric and its demographic breakdown.
public func evaluate(
    _ recommender: any Recommender, on split: EvaluationSplit, clock: some Clock<Duration> = ContinuousClock()
) -> OfflineEvaluation {
    let length = MetricSet.cutoffs.max() ?? 20
    var results: [(case: TestCase, list: [MovieID])] = []
    results.reserveCapacity(split.cases.count)
    var milliseconds: [Double] = []
    milliseconds.reserveCapacity(split.cases.count)
    for testCase in split.cases {
        let start = clock.now
        let list = recommender.recommend(for: testCase.user, count: length, excluding: testCase.excluded)
        let elapsed = start.duration(to: clock.now)
        milliseconds.append(elapsed.inMilliseconds)
        results.append((testCase, list.map(\.movie)))
    }
    return OfflineEvaluation(
        metrics: MetricSet(results: results, popularityRanking: split.popularityRanking),
        byGroup: metricsByGroup(results, users: split.trainingData.users, popularityRanking: split.popularityRanking),
        users: results.count,
        latency: LatencySummary(milliseconds: milliseconds))
}
