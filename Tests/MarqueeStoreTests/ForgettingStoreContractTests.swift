import Foundation
import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The erasure contract (SPEC.md §4: a user's data can be deleted), run against every store: SQLite, and PostgreSQL
/// when `MARQUEE_POSTGRES_URL` is set.
struct ForgettingStoreContractTests {
    private typealias F = LogFixture

    /// Two users' events of every kind, telemetry, records with stated likes, and quarantined lines naming each.
    private func fill(_ store: any DataStore) async throws {
        let events = [7, 8].flatMap { user in
            [
                F.account(user, at: 0), F.watch(user, "alien+1979", minute: 0, at: 1), F.watch(user, "alien+1979", minute: 1, at: 2),
                F.rate(user, "alien+1979", rating: 4, at: 3), F.recommendation(user, ["alien+1979", "heat+1995"], at: 4),
                F.failedRecommendation(user, error: "java.net.ConnectException: Connection refused", at: 5),
            ]
        }
        let quarantined = [7, 8].enumerated().flatMap { index, user in
            [
                QuarantinedLine(
                    source: "file:/log", offset: Int64(index * 10), line: "2025-01-01T00:00:00,\(user),GET /rate/alien+1979=9",
                    reason: .ratingOutOfScale, detail: "rating 9 is outside the scale 1...5"),
                QuarantinedLine(
                    source: "file:/log", offset: Int64(index * 10 + 1), line: "2025-01-01T00:00:00,\(user)",
                    reason: .truncated, detail: "expected '<time>,<user>,<request>' but the line ends after the time"),
            ]
        }
        _ = try await store.store(IngestBatch(source: "file:/log", events: events, quarantined: quarantined))
        try await store.upsert(
            users: [7, 8].map { User(id: F.user($0), age: 15, occupation: "K-12 student", gender: "F", likes: "alien", dislikes: "heat") })
        try await store.append(
            telemetry: [7, 8].map {
                TelemetryRecord(
                    wallTime: WallTime(microseconds: 1_000), user: F.user($0),
                    answer: ServedAnswer(movies: [F.movie("heat+1995")], modelVersion: "v1", route: .production, usedFallback: false),
                    latencyMicroseconds: 900)
            })
    }

    @Test(arguments: EventStoreFactory.all)
    func forget_deletesEverythingAboutTheUser_andNothingAboutOthers(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given two users with events, telemetry, records and quarantined lines
            try await fill(store)
            let before = try await store.statistics()
            // When user 7 is forgotten
            let report = try await store.forget(user: F.user(7), at: WallTime(microseconds: 1_000))
            // Then all of 7's rows are gone and reported, 8's are untouched, and the counters follow
            #expect(report == ForgetReport(events: 6, interactions: 1, recommendations: 2, telemetry: 1, quarantined: 2, record: true))
            #expect(try await store.interactions().allSatisfy { $0.user == F.user(8) })
            #expect(try await store.users().map(\.id) == [F.user(8)])
            #expect(try await store.telemetry(of: nil).map(\.user) == [F.user(8)])
            #expect(try await store.recommendationRequests(since: nil).allSatisfy { $0.user == F.user(8) })
            #expect(try await store.activity(since: nil).allSatisfy { $0.user == F.user(8) })
            let after = try await store.statistics()
            #expect(after.events.total == before.events.total - 6)
            #expect(after.quarantine.total == before.quarantine.total - 2)
            #expect(try await store.catalogueGaps().users.isEmpty)
            #expect(try await store.forgottenUsers() == [F.user(7)])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func forget_keepsTheUserOutOfLaterWrites(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given a forgotten user
            try await fill(store)
            _ = try await store.forget(user: F.user(7), at: WallTime(microseconds: 1_000))
            // When the log names them again (replayed or new lines), their record is fetched and they are answered
            let outcome = try await store.store(
                IngestBatch(
                    source: "file:/log", events: [F.watch(7, "heat+1995", minute: 0, at: 100), F.watch(8, "heat+1995", minute: 0, at: 100)],
                    quarantined: [
                        QuarantinedLine(
                            source: "file:/log", offset: 99, line: "2025-01-02T00:00:00,7,GET /rate/heat+1995=0", reason: .ratingOutOfScale,
                            detail: "rating 0 is outside the scale 1...5")
                    ]))
            try await store.upsert(users: [User(id: F.user(7), age: 15, likes: "alien")])
            try await store.append(telemetry: [
                TelemetryRecord(
                    wallTime: WallTime(microseconds: 2_000), user: F.user(7),
                    answer: ServedAnswer(movies: [], modelVersion: "v1", route: .production, usedFallback: false),
                    latencyMicroseconds: 1)
            ])
            // Then nothing of them is stored, and the drop is counted; the other user's event is stored
            #expect(outcome.stored == 1 && outcome.forgotten == 2 && outcome.quarantined == 0)
            #expect(try await store.interactions().allSatisfy { $0.user == F.user(8) })
            #expect(try await store.users().map(\.id) == [F.user(8)])
            #expect(try await store.telemetry(of: F.user(7)).isEmpty)
            // And forgetting again finds nothing new, and keeps the list as it was
            #expect(try await store.forget(user: F.user(7), at: WallTime(microseconds: 3_000)) == ForgetReport())
            #expect(try await store.forgottenUsers() == [F.user(7)])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func forget_leavesQuarantinedLinesOfOtherUsersWhoseIdsContainTheForgottenOne(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            let lines = ["2025-01-01T00:00:00,70,GET /rate/a+2000=9", "2025-01-01T00:00:00,17,GET /rate/a+2000=9", "x,7", "garbage ,7,"]
            let quarantined = lines.enumerated().map {
                QuarantinedLine(source: "s", offset: Int64($0.offset), line: $0.element, reason: .ratingOutOfScale, detail: "d")
            }
            _ = try await store.store(IngestBatch(source: "s", events: [], quarantined: quarantined))
            let report = try await store.forget(user: F.user(7), at: WallTime(microseconds: 1))
            // Only "x,7" and "garbage ,7," name user 7 as their second field
            #expect(report.quarantined == 2)
            #expect(try await store.statistics().quarantine.total == 2)
        }
    }
}
