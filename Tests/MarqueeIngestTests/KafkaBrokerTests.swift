#if Kafka
import Foundation
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Testing

/// End to end against a standalone Kafka broker: `noida-db` from PyPI, started for the test on a free loopback port.
///
/// Skipped when the broker cannot be installed or started, unless `MARQUEE_REQUIRE_DATA=1` (CI sets it): then the
/// test fails and says why.
@Suite(.dedicatedThreads, .timeLimit(.minutes(3)))
struct KafkaBrokerTests {
    @Test func producesAndIngestsThroughAStandaloneBrokerStoringEachEventOnce() async throws {
        guard let broker = StandaloneKafkaBroker.start() else {
            if EvaluationDatasets.dataRequired {
                Issue.record("no standalone Kafka broker: \(StandaloneKafkaBroker.unavailableMessage)")
            }
            return
        }
        defer { broker.stop() }
        // Given 2,000 log lines produced to a fresh topic, one malformed
        let lines = LogFixture.watchLines(count: 1_000) + ["garbage"] + LogFixture.watchLines(count: 999, startingAt: 1_000)
        let delivered = try await broker.produce(lines, to: "movielog7")
        let store = try SQLiteEventStore.inMemory()
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 500))
        let configuration = KafkaConsumerConfiguration(
            brokers: broker.address, topic: "movielog7", group: "marquee", connectAttempts: 10, initialBackoff: .milliseconds(200),
            stopWhenCaughtUp: true)
        // When a consumer group ingests it twice
        let first = try await ingestor.ingest(kafka: configuration)
        let second = try await ingestor.ingest(kafka: configuration)
        // Then every event is stored once, the bad line is quarantined, and the committed offsets hold
        #expect(delivered == 2_000)
        #expect(first.eventsStored == 1_999)
        #expect(first.quarantined == 1)
        #expect(second.linesRead == 0)
        #expect(try await store.statistics().events.total == 1_999)
    }
}
#endif
