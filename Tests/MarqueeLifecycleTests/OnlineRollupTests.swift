import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeStore
import MarqueeTestSupport
import Synchronization
import Testing

@testable import MarqueeLifecycle

/// The online rollup: reports read from it equal reports read from every answer, and what they read of answers,
/// telemetry and events does not grow with the history folded before.
struct OnlineRollupTests {
    private typealias F = LogFixture
    /// Thirteen movies: a user's list repeats only after 13 days.
    private static let movies = (0..<13).map { "film\($0)+2000" }
    /// Wall time of the fixtures' epoch (microseconds); telemetry is written at the answer's time.
    private static let wallStart: Int64 = 1_800_000_000_000_000

    /// `days` days from `firstDay` on: each day every one of `users` users gets an answer at a user-specific hour, one in
    /// five through the canary; about half watch 12 minutes of a recommended movie an hour later (and rate it), and a
    /// few watch a movie on their own across midnight. The model version changes every two days.
    static func history(days: Range<Int>, users: Int = 24) -> (events: [Event], telemetry: [TelemetryRecord]) {
        var events: [Event] = []
        var telemetry: [TelemetryRecord] = []
        for day in days {
            for user in 1...users {
                let at = day * 86_400 + (user * 3_517) % 80_000
                let list = (0..<3).map { movies[(user + day * 3 + $0) % movies.count] }
                events.append(F.recommendation(Int64(user), list, at: at))
                telemetry.append(
                    TelemetryRecord(
                        wallTime: WallTime(microseconds: wallStart + Int64(at) * 1_000_000), user: F.user(Int64(user)),
                        answer: ServedAnswer(
                            movies: list.map(F.movie), modelVersion: "v\(day / 2)", route: user % 5 == 0 ? .canary : .production, usedFallback: false),
                        latencyMicroseconds: 900))
                if (user + day) % 2 == 0 {
                    events += (0..<12).map { F.watch(Int64(user), list[day % 3], minute: $0, at: at + 3_600 + $0 * 60) }
                    events.append(F.rate(Int64(user), list[day % 3], rating: 1 + (user + day) % 5, at: at + 4_500))
                }
                if user % 7 == 0 {
                    events += (0..<3).map { F.watch(Int64(user), movies[12], minute: $0, at: (day + 1) * 86_400 - 60 + $0 * 60) }
                }
            }
        }
        return (events, telemetry)
    }

    static func fill(_ store: any DataStore, days: Range<Int>) async throws {
        let (events, telemetry) = history(days: days)
        _ = try await store.store(IngestBatch(source: "test", events: events))
        try await store.append(telemetry: telemetry)
    }

    private static func catalogue(_ store: any DataStore) async throws {
        try await store.upsert(
            movies: movies.enumerated().map { Movie(id: F.movie($1), runtime: 90 + $0 * 10, cost: $0 == 3 ? nil : 0.5 + Double($0) / 4) })
    }

    /// The parts of two reports that must agree; ratings' means and intervals to rounding.
    private static func expectSame(_ rolled: OnlineEvaluationReport, _ raw: OnlineEvaluationReport, sourceLocation: SourceLocation = #_sourceLocation)
    {
        func counts(_ groups: [OnlineMetricGroup]) -> [String] {
            groups.map { "\($0.key) \($0.answers) \($0.followed.successes) \($0.ratingCount) \($0.watchedMinutes) \($0.views) \($0.costedViews)" }
        }
        #expect(counts([rolled.overall]) == counts([raw.overall]), sourceLocation: sourceLocation)
        #expect(counts(rolled.byModelVersion) == counts(raw.byModelVersion), sourceLocation: sourceLocation)
        #expect(counts(rolled.byRoute) == counts(raw.byRoute), sourceLocation: sourceLocation)
        #expect(counts(rolled.byPeriod) == counts(raw.byPeriod), sourceLocation: sourceLocation)
        for (left, right) in zip([rolled.overall] + rolled.byModelVersion + rolled.byPeriod, [raw.overall] + raw.byModelVersion + raw.byPeriod) {
            #expect(abs((left.meanRating ?? 0) - (right.meanRating ?? 0)) < 1e-9, sourceLocation: sourceLocation)
            #expect(abs((left.rating?.interval.lower ?? 0) - (right.rating?.interval.lower ?? 0)) < 1e-9, sourceLocation: sourceLocation)
            #expect(abs((left.licenceCost ?? 0) - (right.licenceCost ?? 0)) < 1e-9, sourceLocation: sourceLocation)
        }
        #expect(rolled.pendingAnswers == raw.pendingAnswers, sourceLocation: sourceLocation)
    }

    @Test func aReportFromTheRollupEqualsTheReportFromEveryAnswer() async throws {
        let store = try SQLiteEventStore.inMemory()
        try await Self.catalogue(store)
        try await Self.fill(store, days: 0..<8)
        // When the closed days are folded
        let fold = try #require(try await OnlineRollup(store: store).fold())
        // Then every day but the last two is folded (the last answer's window, plus an hour of lateness, reaches into day 7)
        #expect(fold.foldedBefore == F.time(6 * 86_400))
        #expect(fold.answers == 6 * 24)
        // And the report, the report from a day on, and the licence costs are those computed from every answer
        let rolled = OnlineReportLoader(store: store)
        let raw = OnlineReportLoader(store: store, readsRollup: false)
        Self.expectSame(try await rolled.report(), try await raw.report())
        Self.expectSame(try await rolled.report(since: F.time(2 * 86_400)), try await raw.report(since: F.time(2 * 86_400)))
        let (rolledOnline, rolledCosts) = try await rolled.reportWithLicenceCosts(since: F.time(86_400))
        let (rawOnline, rawCosts) = try await raw.reportWithLicenceCosts(since: F.time(86_400))
        Self.expectSame(rolledOnline, rawOnline)
        #expect(rolledCosts.all.views == rawCosts.all.views && rolledCosts.allByPeriod.keys.sorted() == rawCosts.allByPeriod.keys.sorted())
        #expect(abs(rolledCosts.all.licenceCost - rawCosts.all.licenceCost) < 1e-9)
        #expect(rolledCosts.recommended == rawCosts.recommended)
        // And a second fold with nothing new to fold does nothing
        #expect(try await OnlineRollup(store: store).fold() == nil)
    }

    @Test func foldingDayByDayGivesTheSameRollupAsFoldingOnce() async throws {
        let once = try SQLiteEventStore.inMemory()
        let daily = try SQLiteEventStore.inMemory()
        try await Self.fill(once, days: 0..<9)
        for day in 0..<9 {
            try await Self.fill(daily, days: day..<(day + 1))
            try await OnlineRollup(store: daily).fold()
        }
        try await OnlineRollup(store: once).fold()
        #expect(try await daily.onlineRollupState()?.foldedBefore == F.time(7 * 86_400))
        #expect(try await daily.onlineOutcomes(since: nil) == (try await once.onlineOutcomes(since: nil)))
        #expect(try await daily.periodViews(since: nil) == (try await once.periodViews(since: nil)))
        Self.expectSame(try await OnlineReportLoader(store: daily).report(), try await OnlineReportLoader(store: once, readsRollup: false).report())
    }

    @Test func aReportReadsTheSameAnswersEventsAndTelemetryHoweverLongTheFoldedHistory() async throws {
        // Given 6 days folded, then 12 (the history doubled, the same traffic a day)
        var reads: [Reads] = []
        for days in [6, 12] {
            let store = try SQLiteEventStore.inMemory()
            try await Self.fill(store, days: 0..<days)
            try await OnlineRollup(store: store).fold()
            // When the online report of all answers, and the dashboard's report of its days, are read
            let counting = ReadCountingStore(base: store)
            _ = try await OnlineReportLoader(store: counting).report()
            _ = try await OnlineReportLoader(store: counting).reportWithLicenceCosts(since: F.time((days - 4) * 86_400))
            reads.append(counting.reads)
        }
        // Then the answers, telemetry records and events read are those since the last fold, the same in both
        #expect(reads[0] == reads[1])
        #expect(reads[0].answers == 2 * 2 * 24 && reads[0].events > 0)
    }

    @Test func aReportUnderOtherSettingsLeavesTheRollupAloneAndReadsEveryAnswer() async throws {
        let store = try SQLiteEventStore.inMemory()
        try await Self.fill(store, days: 0..<6)
        try await OnlineRollup(store: store).fold()
        let state = try await store.onlineRollupState()
        let twelveHours = OnlineEvaluationConfiguration(windowSeconds: 12 * 3_600)
        #expect(try await OnlineRollup(store: store, configuration: twelveHours).fold(replacingOtherSettings: false) == nil)
        #expect(try await store.onlineRollupState() == state)
        Self.expectSame(
            try await OnlineReportLoader(store: store, configuration: twelveHours).report(),
            try await OnlineReportLoader(store: store, configuration: twelveHours, readsRollup: false).report())
    }
}
