import Foundation
import GRDB
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// A window of watch and rate events (what the quality monitor, drift and validation read) is found through an index
/// on the event time: doubling the history before the window leaves the events read and the plan unchanged.
struct ActivityWindowCostTests {
    private typealias F = LogFixture
    /// The window starts a day after the fixtures' epoch.
    private static let windowStart = 86_400

    /// `count` watches before the window, one second apart from `offset`.
    private static func history(_ count: Int, offset: Int = 0) -> [Event] {
        (0..<count).map { F.watch(Int64(1 + $0 % 500), "heat+1995", minute: $0 % 100, at: offset + $0) }
    }

    private static let window: [Event] = (0..<50).map { F.watch(Int64(1 + $0), "alien+1979", minute: 0, at: windowStart + $0) }

    @Test func sqliteReadsAWindowThroughThePrimaryKeyHoweverLongTheHistory() async throws {
        let directory = try FixtureDirectory()
        let path = directory.path("store.sqlite")
        let store = try SQLiteEventStore(path: path)
        _ = try await store.store(IngestBatch(source: "s", events: Self.history(5_000) + Self.window))
        #expect(try await store.activity(since: F.time(Self.windowStart)) == Self.window)
        _ = try await store.store(IngestBatch(source: "s", events: Self.history(5_000, offset: 5_000)))
        #expect(try await store.activity(since: F.time(Self.windowStart)) == Self.window)
        try store.close()

        let plan = try await sqliteQueryPlan(
            of: SQLiteEventStore.activityQuery, arguments: [StoredKind.watch, StoredKind.rate, F.time(Self.windowStart).microseconds], at: path)
        #expect(plan.contains { $0.contains("SEARCH events USING PRIMARY KEY (time>?)") }, "\(plan)")
        #expect(!plan.contains { $0.contains("SCAN events") }, "\(plan)")
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func postgresReadsAWindowThroughAnIndexHoweverLongTheHistory() async throws {
        try await PostgresTestServer.withDatabase { location in
            let store = try await PostgresEventStore(location: location, configuration: .init(maximumConnections: 1))
            _ = try await store.store(IngestBatch(source: "s", events: Self.history(10_000) + Self.window))
            #expect(try await store.activity(since: F.time(Self.windowStart)) == Self.window)
            _ = try await store.store(IngestBatch(source: "s", events: Self.history(10_000, offset: 10_000)))
            #expect(try await store.activity(since: F.time(Self.windowStart)) == Self.window)
            await store.close()
            try await PostgresTestServer.execute("ANALYZE events", on: location)
            let plan = try await PostgresTestServer.lines(
                of: """
                    EXPLAIN SELECT event_time, user_id, kind, movie, value FROM events
                    WHERE kind IN (\(StoredKind.watch), \(StoredKind.rate)) AND event_time >= \(F.time(Self.windowStart).microseconds)
                    ORDER BY event_time, user_id, movie, value
                    """, on: location)
            #expect(plan.contains { $0.contains("Index") && $0.contains("events_") }, "\(plan)")
            #expect(!plan.contains { $0.contains("Seq Scan") }, "\(plan)")
        }
    }
}
