import Foundation
import Logging
import MarqueeCore
import MarqueeIngest
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The simulator's disturbances, and the gauges that the shipped alerts watch catching them.
@Suite(.dedicatedThreads)
struct ScenarioDetectionTests {
    private static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func scenariosParseAndRejectNonsense() {
        #expect(Scenario(parsing: "outage@3") == .outage(day: 3, hours: 6))
        #expect(Scenario(parsing: "outage@1:12") == .outage(day: 1, hours: 12))
        #expect(Scenario(parsing: "format-fault@2:0.3") == .formatFault(day: 2, rate: 0.3))
        #expect(Scenario(parsing: "taste-shift@4") == .tasteShift(day: 4, group: DemographicGroup(parsing: "F")!))
        #expect(Scenario(parsing: "taste-shift@4:M50+")?.description == "taste-shift@4:M50+")
        #expect(Scenario(parsing: "popularity-shock@2") == .popularityShock(day: 2))
        for bad in [
            "outage", "outage@", "outage@-1", "outage@1:x", "format-fault@1:0.9", "meteor@1", "taste-shift@1:X", "taste-shift@1:F17-20",
            "popularity-shock@1:3",
        ] {
            #expect(Scenario(parsing: bad) == nil, "\(bad)")
        }
    }

    /// Simulates `configuration` with users asking the simulator's popularity list, ingests it into a fresh store, and
    /// returns the store with the quality gauges refreshed.
    private static func ingested(_ configuration: SimulatorConfiguration) async throws -> (SQLiteEventStore, ServerMetrics, [[UInt8]]) {
        let simulator = try Simulator(configuration: configuration)
        var sink = InMemoryEventLogSink()
        _ = try await simulator.run(writingTo: &sink, provider: PopularRecommendations(catalogue: simulator.catalogue.movies))
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: simulator.catalogue.movies.movies)
        try await store.upsert(users: (0..<configuration.users).compactMap { UserID(Int64($0)).flatMap(simulator.catalogue.users.user) })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-scenario-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = sink.lines.flatMap { $0 + [UInt8(ascii: "\n")] }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        _ = try await EventIngestor(store: store).ingest(file: path)
        let metrics = ServerMetrics()
        await QualityMonitor(store: store, metrics: metrics, logger: logger).update()
        return (store, metrics, sink.lines)
    }

    private static func gauge(_ name: String, in metrics: ServerMetrics) -> [Double] {
        String(decoding: metrics.exposition(), as: UTF8.self).split(separator: "\n")
            .filter { $0.hasPrefix(name + " ") || $0.hasPrefix(name + "{") }
            .compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }
    }

    @Test func anOutageShowsAsLoggedAvailabilityBelowTheAlertThreshold() async throws {
        let calm = SimulatorFixtures.configuration(users: 300, movies: 80, days: 2, faultRate: 0)
        var outage = calm
        outage.scenarios = [.outage(day: 1, hours: 24)]
        let (_, calmMetrics, _) = try await Self.ingested(calm)
        let (_, outageMetrics, lines) = try await Self.ingested(outage)
        #expect(Self.gauge("marquee_log_availability_ratio", in: calmMetrics) == [1])
        let availability = try #require(Self.gauge("marquee_log_availability_ratio", in: outageMetrics).first)
        #expect(availability < 0.99, "MarqueeLoggedAvailabilityLow fires below 0.99")
        #expect(lines.contains { String(decoding: $0, as: UTF8.self).contains("Connection refused") })
    }

    @Test func aFormatFaultShowsAsAQuarantineSpike() async throws {
        let calm = SimulatorFixtures.configuration(users: 300, movies: 80, days: 1, faultRate: 0.005)
        var faulty = calm
        faulty.scenarios = [.formatFault(day: 0, rate: 0.2)]
        let (_, calmMetrics, _) = try await Self.ingested(calm)
        let (_, faultyMetrics, _) = try await Self.ingested(faulty)
        let before = Self.gauge("marquee_quarantined_lines", in: calmMetrics).reduce(0, +)
        let after = Self.gauge("marquee_quarantined_lines", in: faultyMetrics).reduce(0, +)
        // MarqueeQuarantineSpike fires when the quarantined lines grow by more than 100 in 10 minutes.
        #expect(after - before > 100, "quarantined: \(before) undisturbed, \(after) with the fault")
        #expect(after > 10 * max(1, before))
    }
}
