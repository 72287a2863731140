import Foundation
import GRDB
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// A window of telemetry (what the canary judge reads every tick) costs what the window holds, not all history:
/// doubling the stored history leaves the rows read and the index used unchanged.
struct TelemetryWindowCostTests {
    private static let windowStart = WallTime(microseconds: 1_000_000)

    /// `count` answers before the window (wall times 0..<count) and 100 inside it.
    private static func history(_ count: Int, offset: Int = 0) -> [TelemetryRecord] {
        (0..<count).map { index in
            TelemetryRecord(
                wallTime: WallTime(microseconds: Int64(offset + index)), user: UserID(Int64(1 + index % 500))!,
                answer: ServedAnswer(movies: [MovieID("heat+1995")!], modelVersion: "v1-popularity", route: .production, usedFallback: false),
                latencyMicroseconds: 900)
        }
    }

    private static let window: [TelemetryRecord] = (0..<100).map { index in
        TelemetryRecord(
            wallTime: windowStart + .microseconds(index), user: UserID(Int64(1 + index))!,
            answer: ServedAnswer(movies: [MovieID("alien+1979")!], modelVersion: "v2-hybrid", route: .canary, usedFallback: false),
            latencyMicroseconds: 800)
    }

    @Test func sqliteReadsAWindowThroughTheWallTimeIndexHoweverLongTheHistory() async throws {
        let directory = try FixtureDirectory()
        let path = directory.path("store.sqlite")
        let store = try SQLiteEventStore(path: path)
        try await store.append(telemetry: Self.history(5_000) + Self.window)
        #expect(try await store.telemetry(since: Self.windowStart).count == 100)
        try await store.append(telemetry: Self.history(5_000, offset: 5_000))
        #expect(try await store.telemetry(since: Self.windowStart) == Self.window)
        try store.close()

        let plan = try await sqliteQueryPlan(
            of: SQLiteEventStore.telemetryQuery(where: SQLiteEventStore.telemetryWindow), arguments: [Self.windowStart.microseconds], at: path)
        // A SEARCH through the index, and no temporary sort: the index is in (wall_time, rowid) order already.
        #expect(plan.contains { $0.contains("SEARCH telemetry USING INDEX telemetry_by_time (wall_time>?)") }, "\(plan)")
        #expect(!plan.contains { $0.contains("SCAN") || $0.contains("TEMP B-TREE") }, "\(plan)")
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func postgresReadsAWindowThroughTheWallTimeIndexHoweverLongTheHistory() async throws {
        try await PostgresTestServer.withDatabase { location in
            let store = try await PostgresEventStore(location: location, configuration: .init(maximumConnections: 1))
            try await store.append(telemetry: Self.history(10_000) + Self.window)
            #expect(try await store.telemetry(since: Self.windowStart).count == 100)
            try await store.append(telemetry: Self.history(10_000, offset: 10_000))
            #expect(try await store.telemetry(since: Self.windowStart) == Self.window)
            await store.close()
            try await PostgresTestServer.execute("ANALYZE telemetry", on: location)
            let plan = try await PostgresTestServer.lines(
                of:
                    "EXPLAIN SELECT wall_time, user_id, items FROM telemetry WHERE wall_time >= \(Self.windowStart.microseconds) ORDER BY wall_time, id",
                on: location)
            #expect(plan.contains { $0.contains("Index Scan using telemetry_by_time") }, "\(plan)")
            #expect(!plan.contains { $0.contains("Seq Scan") }, "\(plan)")
        }
    }
}
