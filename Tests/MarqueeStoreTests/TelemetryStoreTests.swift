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

    @Test(arguments: EventStoreFactory.all)
    func roundTripsEveryRouteOfATelemetryRecord(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given answers by every kind of route, one an arm of an experiment whose name holds a colon
            let routes: [Route] = [.production, .canary, .experiment("ranking:2", arm: .control), .experiment("ranking:2", arm: .treatment)]
            let records = routes.enumerated().map { index, route in
                TelemetryRecord(
                    wallTime: WallTime(microseconds: Int64(10 + index)), user: UserID(Int64(index))!,
                    answer: ServedAnswer(movies: [MovieID("heat+1995")!], modelVersion: "v1", route: route, usedFallback: index % 2 == 0),
                    latencyMicroseconds: 900)
            }
            // When they are stored and read back
            try await store.append(telemetry: records)
            // Then each keeps its route, the experiment's name whole
            #expect(try await store.telemetry(of: nil) == records)
            #expect(
                try await store.telemetry(since: WallTime(microseconds: 12)).map(\.route.text) == ["ab:ranking:2:control", "ab:ranking:2:treatment"])
        }
    }
}
