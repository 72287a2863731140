import Foundation
import GRDB
import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// One user's telemetry (what `marquee provenance` and `GET /provenance` read) costs what that user was answered, not
/// all history: doubling the other users' stored answers leaves the rows read and the index used unchanged.
struct UserTelemetryCostTests {
    private static let user = UserID(7)!

    /// `count` answers to users 1000...1499 (never ``user``), at wall times `offset ..< offset + count`.
    private static func others(_ count: Int, offset: Int = 0) -> [TelemetryRecord] {
        (0..<count).map { index in
            TelemetryRecord(
                wallTime: WallTime(microseconds: Int64(offset + index)), user: UserID(Int64(1_000 + index % 500))!,
                answer: ServedAnswer(movies: [MovieID("heat+1995")!], modelVersion: "v1-popularity", route: .production, usedFallback: false),
                latencyMicroseconds: 900)
        }
    }

    /// Five answers to ``user``, one of them through an experiment's arm.
    private static let answers: [TelemetryRecord] = (0..<5).map { index in
        TelemetryRecord(
            wallTime: WallTime(microseconds: 1_000_000 + Int64(index)), user: user,
            answer: ServedAnswer(
                movies: [MovieID("alien+1979")!], modelVersion: "v2-hybrid",
                route: index == 4 ? .experiment("e1", arm: .treatment) : .production, usedFallback: false),
            latencyMicroseconds: 800)
    }

    @Test func sqliteReadsOneUsersAnswersThroughTheUserIndexHoweverManyOthersWereAnswered() async throws {
        let directory = try FixtureDirectory()
        let path = directory.path("store.sqlite")
        let store = try SQLiteEventStore(path: path)
        try await store.append(telemetry: Self.others(5_000) + Self.answers)
        #expect(try await store.telemetry(of: Self.user) == Self.answers)
        try await store.append(telemetry: Self.others(5_000, offset: 5_000))
        #expect(try await store.telemetry(of: Self.user) == Self.answers)
        try store.close()

        let plan = try await sqliteQueryPlan(
            of: SQLiteEventStore.telemetryQuery(where: SQLiteEventStore.telemetryOfUser), arguments: [Self.user.rawValue], at: path)
        // A SEARCH of the user's rows through the index; no scan of the table.
        #expect(plan.contains { $0.contains("SEARCH telemetry USING INDEX telemetry_by_user (user=?)") }, "\(plan)")
        #expect(!plan.contains { $0.contains("SCAN") }, "\(plan)")
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func postgresReadsOneUsersAnswersThroughTheUserIndexHoweverManyOthersWereAnswered() async throws {
        try await PostgresTestServer.withDatabase { location in
            let store = try await PostgresEventStore(location: location, configuration: .init(maximumConnections: 1))
            try await store.append(telemetry: Self.others(10_000) + Self.answers)
            #expect(try await store.telemetry(of: Self.user) == Self.answers)
            try await store.append(telemetry: Self.others(10_000, offset: 10_000))
            #expect(try await store.telemetry(of: Self.user) == Self.answers)
            await store.close()
            try await PostgresTestServer.execute("ANALYZE telemetry", on: location)
            let plan = try await PostgresTestServer.lines(
                of: "EXPLAIN SELECT wall_time, user_id, items FROM telemetry WHERE user_id = \(Self.user.rawValue) ORDER BY wall_time, id",
                on: location)
            #expect(plan.contains { $0.contains("telemetry_by_user") }, "\(plan)")
            #expect(!plan.contains { $0.contains("Seq Scan") }, "\(plan)")
        }
    }
}
