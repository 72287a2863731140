#if Kafka
import Foundation
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import MarqueeIngest
import MarqueeServer
import MarqueeStore
import Synchronization
import MarqueeTestSupport
import Testing

/// `marquee ingest --kafka … --metrics-port`: a Kafka ingest from librdkafka's mock cluster, scraped over a real
/// loopback socket while it runs.
@Suite(.dedicatedThreads, .timeLimit(.minutes(6)))
struct KafkaMetricsEndpointTests {
    private typealias F = LogFixture

    @Test func servesPerPartitionLagThatReachesZeroOnceCaughtUp() async throws {
        // Given 3,000 lines and a malformed one on two partitions, and an ingest into a slow store with its metrics served
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 2)
        #expect(try await KafkaFixture.produce(F.watchLines(count: 3_000) + ["not a log line"], to: "movielog", on: cluster) == 3_001)
        let store = FailingEventStore(wrapping: try SQLiteEventStore.inMemory(), failingBatch: .max, delay: .milliseconds(40))
        let metrics = KafkaIngestMetrics()
        let exporter = KafkaConsumerMetrics(topic: "movielog", source: metrics)
        let app = buildMetricsApplication(configuration: ServerConfiguration(port: 0), logger: Self.quietLogger, exposition: exporter.exposition)
        try await app.test(.live) { client in
            // When the metrics are scraped midway and after the ingest caught up
            async let ingested = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 100))
                .ingest(kafka: KafkaFixture.configuration(cluster, topic: "movielog"), metrics: metrics)
            while metrics.commits < 2 { try await Task.sleep(for: .milliseconds(10)) }
            let midway = try await Self.scrape(client)
            let summary = try await ingested
            let caughtUp = try await Self.scrape(client)

            // Then midway the lag is a number per partition and messages are still to read
            let midwayLags = Self.values(of: "marquee_kafka_consumer_lag_messages", in: midway)
            #expect(!midwayLags.isEmpty, "no lag series midway:\n\(midway)")
            #expect(midwayLags.keys.allSatisfy { $0.contains(#"topic="movielog""#) && $0.contains("partition=") })
            #expect(midwayLags.values.reduce(0, +) > 0)
            // And once caught up, every partition's lag is 0 and the counters match the run
            #expect(summary.eventsStored == 3_000)
            let finalLags = Self.values(of: "marquee_kafka_consumer_lag_messages", in: caughtUp)
            #expect(finalLags.count == 2)
            #expect(finalLags.values.allSatisfy { $0 == 0 }, "\(finalLags)")
            #expect(Self.values(of: "marquee_ingest_events_stored_total", in: caughtUp).values.first == 3_000)
            #expect(Self.values(of: "marquee_kafka_commits_total", in: caughtUp).values.first == Double(metrics.commits))
            #expect((Self.values(of: "marquee_kafka_rebalances_total", in: caughtUp).values.first ?? 0) >= 1)
            #expect(Self.values(of: "marquee_kafka_errors_total", in: caughtUp).count == KafkaClientErrorKind.allCases.count)
            #expect(Self.values(of: "marquee_ingest_lines_quarantined_total", in: caughtUp).values.reduce(0, +) == 1)
            // And the exposition is valid for Prometheus
            if let check = try Promtool.checkMetrics(caughtUp) {
                #expect(check.status == 0, "promtool check metrics: \(check.report)")
            } else if Promtool.isRequired {
                Issue.record("promtool is not installed: run scripts/test.sh, which installs Debian's prometheus package")
            }
        }
    }

    @Test func aBrokerOutageIsCountedAndLoggedAsAWarning() async throws {
        // Given an ingest following a topic, its metrics served, logging to memory
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 1)
        #expect(try await KafkaFixture.produce(F.watchLines(count: 100), to: "movielog", on: cluster) == 100)
        let metrics = KafkaIngestMetrics()
        let exporter = KafkaConsumerMetrics(topic: "movielog", source: metrics)
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        var following = KafkaFixture.configuration(cluster, topic: "movielog")
        following.stopWhenCaughtUp = false
        let configuration = following
        let app = buildMetricsApplication(configuration: ServerConfiguration(port: 0), logger: Self.quietLogger, exposition: exporter.exposition)
        try await app.test(.live) { client in
            let ingesting = Task {
                try await EventIngestor(store: try SQLiteEventStore.inMemory()).ingest(kafka: configuration, metrics: metrics, logger: logger)
            }
            while metrics.summary?.eventsStored != 100 { try await Task.sleep(for: .milliseconds(10)) }
            // When the broker goes down
            cluster.takeBrokersDown()
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(60))
            while (metrics.errors[.unreachable] ?? 0) == 0, clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            let scraped = try await Self.scrape(client)
            cluster.bringBrokersUp()
            ingesting.cancel()
            _ = try await ingesting.value

            // Then the outage shows as unreachable errors, in the metrics and as logged warnings naming the topic
            let errors = Self.values(of: "marquee_kafka_errors_total", in: scraped)
            #expect((errors[#"kind="unreachable""#] ?? 0) >= 1, "\(errors)")
            let warnings = logs.entries.filter { $0.level == .warning }
            #expect(!warnings.isEmpty)
            #expect(warnings.first?.metadata["kafka.error.kind"] == "unreachable")
            #expect(warnings.first?.metadata["kafka.topic"] == "movielog")
        }
    }

    @Test func aBrokerDownAtStartIsCountedOnMetricsWhileTheConsumerIsStillConnecting() async throws {
        // Given a topic of 50 lines whose only broker is down before the ingest starts, which retries for a long time
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 1)
        #expect(try await KafkaFixture.produce(F.watchLines(count: 50), to: "movielog", on: cluster) == 50)
        cluster.takeBrokersDown()
        let metrics = KafkaIngestMetrics()
        let exporter = KafkaConsumerMetrics(topic: "movielog", source: metrics)
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        var patient = KafkaFixture.configuration(cluster, topic: "movielog")
        patient.connectAttempts = 12
        patient.initialBackoff = .milliseconds(200)
        let configuration = patient
        let app = buildMetricsApplication(configuration: ServerConfiguration(port: 0), logger: Self.quietLogger, exposition: exporter.exposition)
        try await app.test(.live) { client in
            let finished = Flag()
            let store = try SQLiteEventStore.inMemory()
            let ingesting = Task {
                defer { finished.set() }
                return try await EventIngestor(store: store).ingest(kafka: configuration, metrics: metrics, logger: logger)
            }
            // When /metrics is scraped while the consumer still waits for its first connection
            let clock = ContinuousClock()
            let deadline = clock.now.advanced(by: .seconds(30))
            var errors: [String: Double] = [:]
            while errors.values.reduce(0, +) == 0, clock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                errors = Self.values(of: "marquee_kafka_errors_total", in: try await Self.scrape(client))
            }
            let stillConnecting = !finished.isSet
            cluster.bringBrokersUp()
            let summary = try await ingesting.value

            // Then the errors of the first connection were counted and logged before the consumer closed
            #expect(errors.values.reduce(0, +) >= 1, "\(errors)")
            #expect(stillConnecting, "the errors were counted only once the ingest had ended")
            #expect(logs.entries.contains { $0.level == .warning && $0.metadata["kafka.topic"] == "movielog" })
            // And once the broker is back, every line is stored
            #expect(summary.eventsStored == 50)
        }
    }

    // MARK: - Helpers

    private static let quietLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    private static func scrape(_ client: any TestClientProtocol) async throws -> String {
        try await client.execute(uri: "/metrics", method: .get) { response in
            #expect(response.status == .ok)
            return String(buffer: response.body)
        }
    }

    /// The samples of metric `name` in `text`, by their label set (`topic="movielog",partition="0"`; empty without labels).
    private static func values(of name: String, in text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            let series = parts[0].dropFirst(name.count)
            values[String(series.dropFirst().dropLast())] = value
        }
        return values
    }
}

/// A flag one task sets and another reads.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    var isSet: Bool { value.load(ordering: .acquiring) }

    func set() { value.store(true, ordering: .releasing) }
}
#endif
