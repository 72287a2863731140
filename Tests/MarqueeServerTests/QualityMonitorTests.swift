import Logging
import MarqueeCore
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The gauges the ``QualityMonitor`` exports from a hand-built store.
struct QualityMonitorTests {
    private typealias F = LogFixture
    private static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    private static let hour = 3_600

    /// The values of gauge `name` in `metrics`' exposition, by their labels (`""` without).
    private static func gauge(_ name: String, in metrics: ServerMetrics) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n")
        where line.hasPrefix(name + " ") || line.hasPrefix(name + "{") {
            let labels = line.dropFirst(name.count).prefix { $0 != " " }
            values[String(labels)] = line.split(separator: " ").last.flatMap { Double($0) }
        }
        return values
    }

    /// A store of three answers at 01:00 (user 1: costly from v1; user 2: cheap and costly from v2; user 3: free, whose
    /// fee is unknown, from v1), what their users and one other watched, and a last request a day later.
    private static func costedStore() async throws -> SQLiteEventStore {
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: [
            CatalogueFixture.movie("costly+2020", cost: 3), CatalogueFixture.movie("cheap+1990", cost: 1), CatalogueFixture.movie("free+2000"),
        ])
        try await store.upsert(users: (1...4).map { CatalogueFixture.user($0) })
        let start = hour
        let events =
            [
                F.recommendation(1, ["costly+2020"], at: start), F.recommendation(2, ["cheap+1990", "costly+2020"], at: start),
                F.recommendation(3, ["free+2000"], at: start),
            ]
            // user 1 follows with 10 minutes (one duplicate line); user 2 starts both; user 3 starts the unknown-fee movie
            + (0..<10).map { F.watch(1, "costly+2020", minute: $0, at: start + 60 * ($0 + 1)) } + [
                F.watch(1, "costly+2020", minute: 3, at: start + 900)
            ]
            + [F.watch(2, "cheap+1990", minute: 0, at: start + 120), F.watch(2, "costly+2020", minute: 0, at: start + 180)]
            + [F.watch(3, "free+2000", minute: 0, at: start + 60)]
            // user 4 watches cheap on their own, two minutes: one view
            + [F.watch(4, "cheap+1990", minute: 0, at: start + 600), F.watch(4, "cheap+1990", minute: 1, at: start + 660)]
            // the latest request, 25 hours later: the three answers' windows are over
            + [F.recommendation(4, ["cheap+1990"], at: start + 25 * hour)]
        _ = try await store.store(IngestBatch(source: "test", events: events))
        func record(_ user: Int64, _ slugs: [String], version: String, route: Route) -> TelemetryRecord {
            TelemetryRecord(
                wallTime: WallTime(microseconds: 1), user: F.user(user),
                answer: ServedAnswer(movies: slugs.map(F.movie), modelVersion: version, route: route, usedFallback: false),
                latencyMicroseconds: 1)
        }
        try await store.append(telemetry: [
            record(1, ["costly+2020"], version: "v1", route: .production), record(2, ["cheap+1990", "costly+2020"], version: "v2", route: .canary),
            record(3, ["free+2000"], version: "v1", route: .production),
        ])
        return store
    }

    @Test func exportsLicenceCostPerViewOfEverythingWatchedAndOfRecommendedViewsPerVersion() async throws {
        // Given a store with costed movies, answers whose windows are over, and their users' watches
        let store = try await Self.costedStore()
        let metrics = ServerMetrics()
        // When the monitor refreshes its gauges
        await QualityMonitor(store: store, metrics: metrics, logger: Self.logger).update()
        // Then every view (users 1–4: costly 3, cheap 1 and costly 3, free unknown, cheap 1) costs 8 / 4 = 2 with the fee
        // known for 4 of 5
        #expect(Self.gauge("marquee_licence_cost_per_view", in: metrics) == ["": 2])
        #expect(Self.gauge("marquee_licence_fee_known_ratio", in: metrics) == ["": 0.8])
        // And the recommended views (costly; cheap and costly; free unknown) cost 7 / 3, v1 3 and v2 2
        let recommended = try #require(Self.gauge("marquee_recommended_licence_cost_per_view", in: metrics)[""])
        #expect(abs(recommended - 7.0 / 3) < 1e-12)
        #expect(Self.gauge("marquee_recommended_costed_views", in: metrics) == ["": 3])
        #expect(Self.gauge("marquee_recommended_licence_cost_per_view_by_version", in: metrics) == [#"{version="v1"}"#: 3, #"{version="v2"}"#: 2])
    }

    @Test func exportsTheOnlineMetricOfAnswersWhoseAttributionWindowIsOver() async throws {
        // Given the same store, whose latest request is a day after the three answers
        let store = try await Self.costedStore()
        let metrics = ServerMetrics()
        // When the monitor refreshes its gauges
        await QualityMonitor(store: store, metrics: metrics, logger: Self.logger).update()
        // Then the follow-through covers the three answers (the latest is still pending): user 1 followed
        let followThrough = try #require(Self.gauge("marquee_online_follow_through_ratio", in: metrics)[""])
        #expect(abs(followThrough - 1.0 / 3) < 1e-12)
        #expect(Self.gauge("marquee_online_follow_through_by_version_ratio", in: metrics) == [#"{version="v1"}"#: 0.5, #"{version="v2"}"#: 0])
    }

    @Test func exportsNoCostPerView_whenNoMovieHasAFee() async throws {
        // Given a store whose movies have no licence fee
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: [CatalogueFixture.movie("free+2000")])
        _ = try await store.store(
            IngestBatch(
                source: "test",
                events: [
                    F.recommendation(1, ["free+2000"], at: 0), F.watch(1, "free+2000", minute: 0, at: 60),
                    F.recommendation(2, ["free+2000"], at: 90_000),
                ]))
        let metrics = ServerMetrics()
        // When the monitor refreshes its gauges
        await QualityMonitor(store: store, metrics: metrics, logger: Self.logger).update()
        // Then the known-fee share is 0 and no cost per view is exported
        #expect(Self.gauge("marquee_licence_fee_known_ratio", in: metrics) == ["": 0])
        #expect(Self.gauge("marquee_licence_cost_per_view", in: metrics).isEmpty)
        #expect(Self.gauge("marquee_recommended_licence_cost_per_view", in: metrics).isEmpty)
        #expect(Self.gauge("marquee_recommended_costed_views", in: metrics) == ["": 0])
    }
}
