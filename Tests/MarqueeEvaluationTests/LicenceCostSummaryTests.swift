import MarqueeCore
import MarqueeEvaluation
import Testing

/// Licence cost per view over the hand-built scenario of ``OnlineEvaluatorTests``, every value worked out by hand.
struct LicenceCostSummaryTests {
    private static let fees = [MovieID("a+2000")!: 2.0, MovieID("b+2000")!: 1.0, MovieID("short+2000")!: 0.5]
    private static let runtimes = [MovieID("a+2000")!: 100, MovieID("b+2000")!: 90, MovieID("short+2000")!: 5, MovieID("c+2000")!: 120]

    private static func summary(events: [Event] = OnlineEvaluatorTests.events, fees: [MovieID: Double] = fees) throws -> LicenceCostSummary {
        let online = try OnlineEvaluator.evaluate(
            answers: OnlineEvaluatorTests.answers, events: events, runtimes: runtimes, licenceCosts: fees.isEmpty ? nil : fees,
            observedUntil: EventTime(year: 2025, month: 1, day: 3, hour: 12, minute: 0, second: 0))
        return LicenceCostSummary(events: events, licenceCosts: fees, online: online)
    }

    private static func expect(
        _ tally: LicenceCostPerView?, views: Int, costedViews: Int, cost: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let tally = try #require(tally, sourceLocation: sourceLocation)
        #expect(tally.views == views, sourceLocation: sourceLocation)
        #expect(tally.costedViews == costedViews, sourceLocation: sourceLocation)
        #expect(abs(tally.licenceCost - cost) < 1e-12, sourceLocation: sourceLocation)
        #expect(abs((tally.costPerView ?? .nan) - cost / Double(costedViews)) < 1e-12, sourceLocation: sourceLocation)
        #expect(tally.knownFeeShare == Double(costedViews) / Double(views), sourceLocation: sourceLocation)
    }

    @Test func costPerViewOfEverythingWatchedCountsEachUsersFirstWatchOfAMovieOncePerDay() throws {
        // Given the scenario's watches: day 1 user 1 b (1.0) and a (2.0, one duplicate line), user 2 short (0.5) and
        // a (2.0), user 3 c (no fee), user 9 b (1.0); day 2 user 3 c again (a view of day 2), b (1.0), users 4 and 5 a (2.0 each)
        // When they are summarised
        let summary = try Self.summary()
        // Then there are 10 views, 8 with a fee, costing 11.5: 1.4375 a view, and the fee is known for 8 of 10
        try Self.expect(summary.all, views: 10, costedViews: 8, cost: 11.5)
        // And each view falls in the day it was watched
        #expect(summary.allByPeriod.keys.sorted() == ["2025-01-01T00:00:00", "2025-01-02T00:00:00"])
        try Self.expect(summary.allByPeriod["2025-01-01T00:00:00"], views: 6, costedViews: 5, cost: 6.5)
        try Self.expect(summary.allByPeriod["2025-01-02T00:00:00"], views: 4, costedViews: 3, cost: 5)
    }

    @Test func viewsCountedPerDayAddUpToTheWindowsSummary() throws {
        // Given the scenario's views counted day by day, as a rollup keeps them
        let online = try OnlineEvaluator.evaluate(
            answers: OnlineEvaluatorTests.answers, events: OnlineEvaluatorTests.events, runtimes: Self.runtimes, licenceCosts: Self.fees,
            observedUntil: EventTime(year: 2025, month: 1, day: 3, hour: 12, minute: 0, second: 0))
        let midnight = try #require(EventTime(year: 2025, month: 1, day: 2, hour: 0, minute: 0, second: 0))
        let dayOne = OnlineEvaluatorTests.events.filter { $0.time < midnight }
        let dayTwo = OnlineEvaluatorTests.events.filter { $0.time >= midnight }
        var byPeriod = LicenceCostSummary.viewsByPeriod(events: dayOne, licenceCosts: Self.fees, periodSeconds: 86_400)
        byPeriod.merge(LicenceCostSummary.viewsByPeriod(events: dayTwo, licenceCosts: Self.fees, periodSeconds: 86_400)) {
            var sum = $0; sum.merge($1); return sum
        }
        // Then their summary is the window's
        #expect(LicenceCostSummary(viewsByPeriod: byPeriod, online: online) == (try Self.summary()))
    }

    @Test func recommendedViewsAreTheOnlineMetricsAttributedWatchesPerModelVersionAndDay() throws {
        // Given the answers: A1 (v1) a watched; A2 (v2) short and a; A3 (v1) c (no fee; b only after its window); A4 (v2) a
        let summary = try Self.summary()
        // Then 5 recommended views, 4 with a fee, cost 6.5: 1.625 a view
        try Self.expect(summary.recommended, views: 5, costedViews: 4, cost: 6.5)
        try Self.expect(summary.recommendedByModelVersion["v1"], views: 2, costedViews: 1, cost: 2)
        try Self.expect(summary.recommendedByModelVersion["v2"], views: 3, costedViews: 3, cost: 4.5)
        try Self.expect(summary.recommendedByPeriod["2025-01-01T00:00:00"], views: 4, costedViews: 3, cost: 4.5)
        try Self.expect(summary.recommendedByPeriod["2025-01-02T00:00:00"], views: 1, costedViews: 1, cost: 2)
        // And recommending costs 1.625 / 1.4375 times what users watch overall
        #expect(abs((summary.recommendedCostRatio ?? .nan) - 1.625 / 1.4375) < 1e-12)
    }

    @Test func moviesWithoutAFeeAreLeftOutOfSumAndCount_whenNoMovieHasAFee() throws {
        // Given no licence fees at all
        let summary = try Self.summary(fees: [:])
        // Then every view is counted, none is costed, and there is no cost per view or ratio
        #expect(summary.all.views == 10 && summary.all.costedViews == 0 && summary.all.licenceCost == 0)
        #expect(summary.all.costPerView == nil)
        #expect(summary.all.knownFeeShare == 0)
        #expect(summary.recommended.views == 5 && summary.recommended.costPerView == nil)
        #expect(summary.recommendedCostRatio == nil)
    }

    @Test func anEmptyWindowHasNoViewsAndNoShares() throws {
        let summary = try Self.summary(events: [])
        #expect(summary.all == LicenceCostPerView())
        #expect(summary.all.knownFeeShare == nil && summary.all.costPerView == nil)
        #expect(summary.allByPeriod.isEmpty)
    }

    @Test func resultDoesNotDependOnEventOrder() throws {
        var generator = SplitMix64(seed: 11)
        #expect(try Self.summary(events: OnlineEvaluatorTests.events.shuffled(using: &generator)) == (try Self.summary()))
    }
}
