import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The contract of ``TelemetryStore``, run against each implementation.
struct TelemetryStoreTests {
    private static func record(_ user: Int64, at time: Int64, fallback: Bool = false) -> TelemetryRecord {
        TelemetryRecord(
            wallTime: WallTime(microseconds: time), user: UserID(user)!,
            answer: ServedAnswer(
                movies: [MovieID("heat+1995")!, MovieID("alien+1979")!], modelVersion: "als-3", route: .canary, usedFallback: fallback),
            latencyMicroseconds: 900)
    }

    @Test(arguments: EventStoreFactory.all)
    func appendsAndReadsTelemetryInWallTimeOrder(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given two answers to user 7 and one to user 8, appended out of order
            try await store.append(telemetry: [Self.record(7, at: 20, fallback: true), Self.record(8, at: 15)])
            try await store.append(telemetry: [Self.record(7, at: 10)])
            // Then they read back exactly, per user in time order
            #expect(try await store.telemetryCount() == 3)
            #expect(try await store.telemetry(of: UserID(7)!) == [Self.record(7, at: 10), Self.record(7, at: 20, fallback: true)])
            #expect(try await store.telemetry(of: nil).map(\.wallTime.microseconds) == [10, 15, 20])
            #expect(try await store.statistics().telemetry == 3)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func readsTheTelemetryOfAWindowFromAWallTimeOn(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            try await store.append(telemetry: [Self.record(7, at: 20, fallback: true), Self.record(8, at: 15), Self.record(7, at: 10)])
            #expect(try await store.telemetry(since: WallTime(microseconds: 15)) == [Self.record(8, at: 15), Self.record(7, at: 20, fallback: true)])
            #expect(try await store.telemetry(since: WallTime(microseconds: 21)).isEmpty)
            #expect(try await store.telemetry(since: WallTime(microseconds: 0)).count == 3)
        }
    }
}
