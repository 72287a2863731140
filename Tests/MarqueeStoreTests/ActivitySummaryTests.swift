import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeStore

/// A window's activity summed up by the store (what drift reads) equals the sum of the events it holds, on both stores.
struct ActivitySummaryTests {
    private typealias F = LogFixture
    private static let day = 86_400

    /// Three days of sessions (a minute event each), ratings and recommendation requests, with events on the edges of
    /// the windows below.
    private static let events: [Event] = {
        var events: [Event] = []
        for day in 0..<3 {
            for user in Int64(1)...6 {
                let movie = ["heat+1995", "alien+1979", "up+2009"][Int(user) % 3]
                let start = day * Self.day + Int(user) * 600
                events += (0..<(5 + Int(user))).map { F.watch(user, movie, minute: $0, at: start + 60 * $0) }
                if user % 2 == 0 { events.append(F.rate(user, movie, rating: 1 + (day + Int(user)) % 5, at: start + 3_000)) }
                events.append(F.recommendation(user, ["heat+1995"], at: start + 3_100))
            }
        }
        events.append(F.watch(9, "heat+1995", minute: 0, at: Self.day))
        events.append(F.rate(9, "heat+1995", rating: 4, at: 2 * Self.day))
        return events
    }()

    /// The windows drift reads, and the whole log.
    private static let windows: [(from: EventTime, through: EventTime?)] = [
        (F.time(day), F.time(2 * day)),
        (EventTime(microseconds: F.time(2 * day).microseconds + 1), nil),
        (F.time(0), nil),
        (F.time(10 * day), nil),
    ]

    private static func expectSummariesMatchTheEvents(of store: any EventStore) async throws {
        for (from, through) in windows {
            let inWindow = events.filter { event in event.time >= from && (through.map { event.time <= $0 } ?? true) }
            var summary = try await store.activitySummary(from: from, through: through)
            summary.ratings.sort()
            var expected = ActivitySummary(of: inWindow)
            expected.ratings.sort()
            #expect(summary == expected, "window \(from) ... \(through.map(\.description) ?? "now")")
        }
        // And a watched pair counts its minutes: user 6 watched 11 minutes of one movie each day
        let whole = try await store.activitySummary(from: F.time(0), through: nil)
        #expect(whole.watched.first { $0.user == UserID(6) }?.minutes == 33)
    }

    @Test func sqliteSumsUpAWindowAsItsEventsDo() async throws {
        let directory = try FixtureDirectory()
        let store = try SQLiteEventStore(path: directory.path("store.sqlite"))
        _ = try await store.store(IngestBatch(source: "s", events: Self.events))
        try await Self.expectSummariesMatchTheEvents(of: store)
        try store.close()
    }

    @Test(.enabled(if: PostgresTestServer.enabled))
    func postgresSumsUpAWindowAsItsEventsDo() async throws {
        try await PostgresTestServer.withDatabase { location in
            let store = try await PostgresEventStore(location: location, configuration: .init(maximumConnections: 1))
            _ = try await store.store(IngestBatch(source: "s", events: Self.events))
            try await Self.expectSummariesMatchTheEvents(of: store)
            await store.close()
        }
    }
}
