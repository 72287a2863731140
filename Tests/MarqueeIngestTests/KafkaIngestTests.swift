#if Kafka
import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Testing

/// Kafka ingest against librdkafka's in-process mock cluster, which speaks the real Kafka protocol (metadata,
/// produce, fetch, consumer groups, offset commits) on loopback ports.
// The mock cluster's rebalances wait on timers that a CI machine running every suite at once stretches: the two-consumer
// test once took over 2 minutes there.
@Suite(.dedicatedThreads, .timeLimit(.minutes(6)))
struct KafkaIngestTests {
    private typealias F = LogFixture

    @Test func consumesATopicAndCommitsSoThatARestartReadsNothingNew() async throws {
        // Given 1,000 lines on a topic of three partitions
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 3)
        try await Self.produce(F.watchLines(count: 1_000), to: "movielog", on: cluster)
        let store = try SQLiteEventStore.inMemory()
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 100))
        let metrics = KafkaIngestMetrics()
        // When the group consumes it, then consumes again
        let first = try await ingestor.ingest(kafka: Self.configuration(cluster, topic: "movielog"), metrics: metrics)
        let second = try await ingestor.ingest(kafka: Self.configuration(cluster, topic: "movielog"))
        // Then every event is stored once, the lag is zero, and the second run finds the offsets committed
        #expect(first.linesRead == 1_000)
        #expect(first.eventsStored == 1_000)
        #expect(first.duplicates == 0)
        #expect(metrics.lag == 0)
        #expect(metrics.commits >= 10)
        #expect(second.linesRead == 0)
        #expect(try await store.statistics().events.total == 1_000)
        #expect(try await store.position(of: "kafka:movielog")?.partition == 0)
    }

    @Test func resumesAfterACrashBetweenStoreAndCommitStoringNothingTwice() async throws {
        // Given a run that stores its third batch and dies before committing its offsets
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 2)
        try await Self.produce(F.watchLines(count: 600), to: "movielog", on: cluster)
        let store = try SQLiteEventStore.inMemory()
        let crashing = EventIngestor(
            store: FailingEventStore(wrapping: store, failingBatch: 3, afterStoring: true), configuration: IngestConfiguration(batchSize: 100))
        await #expect(throws: IngestError.self) { _ = try await crashing.ingest(kafka: Self.configuration(cluster, topic: "movielog")) }
        let storedBeforeCrash = try await store.statistics().events.total
        #expect(storedBeforeCrash >= 3)
        // When the group restarts with the real store
        let resumed = try await EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 100))
            .ingest(kafka: Self.configuration(cluster, topic: "movielog"))
        // Then it reads the uncommitted batch again, skips its events as duplicates, and stores every event once
        #expect(resumed.duplicates >= 1)
        #expect(resumed.eventsStored == 600 - storedBeforeCrash)
        #expect(resumed.linesRead == resumed.eventsStored + resumed.duplicates)
        #expect(try await store.statistics().events.total == 600)
    }

    @Test func stoppingMidStreamAndRestartingStoresEveryEventOnce() async throws {
        // Given a consumer with a slow store, stopped (cancelled) after a few committed batches
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 2)
        try await Self.produce(F.watchLines(count: 2_000), to: "movielog", on: cluster)
        let store = try SQLiteEventStore.inMemory()
        let slow = FailingEventStore(wrapping: store, failingBatch: .max, delay: .milliseconds(50))
        let metrics = KafkaIngestMetrics()
        var configuration = Self.configuration(cluster, topic: "movielog")
        configuration.stopWhenCaughtUp = false
        let running = Task {
            try await EventIngestor(store: slow, configuration: IngestConfiguration(batchSize: 100)).ingest(kafka: configuration, metrics: metrics)
        }
        while metrics.commits < 3 { try await Task.sleep(for: .milliseconds(10)) }
        running.cancel()
        let stopped = try await running.value
        #expect(stopped.eventsStored < 2_000)
        // When the group is consumed again to its end
        let resumed = try await EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 100))
            .ingest(kafka: Self.configuration(cluster, topic: "movielog"))
        // Then the restart stored exactly what the stopped run had not, and each event is stored once
        #expect(stopped.eventsStored + resumed.eventsStored == 2_000)
        #expect(try await store.statistics().events.total == 2_000)
    }

    @Test func twoConsumersOfOneGroupShareTheTopicThroughARebalanceAndStoreEachEventOnce() async throws {
        // Given 4,000 lines on four partitions, and a first consumer whose store is slow
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 4)
        try await Self.produce(F.watchLines(count: 4_000), to: "movielog", on: cluster)
        let store = try SQLiteEventStore.inMemory()
        let slow = FailingEventStore(wrapping: store, failingBatch: .max, delay: .milliseconds(100))
        let configuration = IngestConfiguration(batchSize: 50)
        let firstMetrics = KafkaIngestMetrics()
        let secondMetrics = KafkaIngestMetrics()
        // When a second member joins the group while the first is midway
        async let first = EventIngestor(store: slow, configuration: configuration)
            .ingest(kafka: Self.configuration(cluster, topic: "movielog"), metrics: firstMetrics)
        while firstMetrics.commits < 3 { try await Task.sleep(for: .milliseconds(10)) }
        #expect((firstMetrics.lag ?? 0) > 0)
        let second = try await EventIngestor(store: slow, configuration: configuration)
            .ingest(kafka: Self.configuration(cluster, topic: "movielog"), metrics: secondMetrics)
        let firstSummary = try await first
        // Then the group rebalanced, both members stored events, and every event is stored exactly once
        #expect(firstMetrics.rebalances >= 3)
        #expect(secondMetrics.rebalances >= 1)
        #expect(firstSummary.eventsStored > 0)
        #expect(second.eventsStored > 0)
        #expect(firstSummary.eventsStored + second.eventsStored == 4_000)
        #expect(try await store.statistics().events.total == 4_000)
    }

    @Test func quarantinesAMalformedMessageUnderItsPartitionAndStillCommitsPastIt() async throws {
        // Given a topic whose 11th message is not a log line
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 1)
        let lines = F.watchLines(count: 10) + ["not a log line"] + F.watchLines(count: 10, startingAt: 10)
        try await Self.produce(lines, to: "movielog", on: cluster)
        let store = try SQLiteEventStore.inMemory()
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 100))
        // When the topic is consumed twice
        let first = try await ingestor.ingest(kafka: Self.configuration(cluster, topic: "movielog"))
        let second = try await ingestor.ingest(kafka: Self.configuration(cluster, topic: "movielog"))
        // Then the line is quarantined once and the offset moved past it
        #expect(first.eventsStored == 20)
        #expect(first.quarantined == 1)
        #expect(second.linesRead == 0)
        let statistics = try await store.statistics()
        #expect(statistics.quarantine.total == 1)
        #expect(statistics.events.total == 20)
    }

    @Test func failsWithAClearErrorAfterRetriesWhenNoBrokerAnswersAtStart() async throws {
        // Given a cluster whose broker is down
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 1)
        cluster.takeBrokersDown()
        let ingestor = EventIngestor(store: try SQLiteEventStore.inMemory())
        var configuration = Self.configuration(cluster, topic: "movielog")
        configuration.connectAttempts = 3
        configuration.initialBackoff = .milliseconds(50)
        configuration.requestTimeout = .milliseconds(200)
        // When ingest starts
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: IngestError.self) { _ = try await ingestor.ingest(kafka: configuration) }
        // Then it gave up after three attempts with backoff (50 ms, then 100 ms), naming the brokers and the fix.
        // (Alone it takes about 1 s; no upper bound is asserted, since the whole test run shares 2 cores and other
        // suites' CPU-bound work can hold Swift's cooperative threads for seconds. The suite's time limit bounds it.)
        #expect(error?.code == .kafkaUnreachable)
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(error?.message.contains(cluster.brokers) == true)
        #expect(start.duration(to: clock.now) >= .milliseconds(150))
    }

    @Test func failsWithAClearErrorForAnUnknownTopic() async throws {
        // Given a cluster without the topic
        let cluster = try KafkaMockCluster()
        cluster.answerMetadata(ofTopic: "nope", with: .unknownTopic)
        let ingestor = EventIngestor(store: try SQLiteEventStore.inMemory())
        // When ingest starts on it
        let error = await #expect(throws: IngestError.self) { _ = try await ingestor.ingest(kafka: Self.configuration(cluster, topic: "nope")) }
        // Then the error names the topic and the fix
        #expect(error?.code == .kafkaUnknownTopic)
        #expect(error?.message.contains("nope") == true)
        #expect(error?.message.contains("--topic") == true)
    }

    @Test func failsWithAClearErrorWhenTheClusterRefusesAuthorization() async throws {
        // Given a cluster that refuses the client's rights on the topic
        let cluster = try KafkaMockCluster()
        try cluster.createTopic("movielog", partitions: 1)
        cluster.answerMetadata(ofTopic: "movielog", with: .authorizationFailed)
        let ingestor = EventIngestor(store: try SQLiteEventStore.inMemory())
        // When ingest starts
        let error = await #expect(throws: IngestError.self) { _ = try await ingestor.ingest(kafka: Self.configuration(cluster, topic: "movielog")) }
        // Then the error is an authentication failure pointing at the credentials and ACLs
        #expect(error?.code == .kafkaAuthentication)
        #expect(error?.message.contains("sasl.username") == true)
    }

    @Test func refusesAnUnknownKafkaSettingNamingIt() async throws {
        // Given a configuration with a misspelt librdkafka property
        let cluster = try KafkaMockCluster()
        var configuration = Self.configuration(cluster, topic: "movielog")
        configuration.properties["sasl.usernam"] = "marquee"
        // When ingest starts, then the error names the property
        let error = await #expect(throws: IngestError.self) {
            _ = try await EventIngestor(store: try SQLiteEventStore.inMemory()).ingest(kafka: configuration)
        }
        #expect(error?.code == .kafka)
        #expect(error?.message.contains("sasl.usernam") == true)
    }

    // MARK: - Helpers

    private static func configuration(_ cluster: KafkaMockCluster, topic: String, group: String = "marquee") -> KafkaConsumerConfiguration {
        KafkaFixture.configuration(cluster, topic: topic, group: group)
    }

    private static func produce(_ lines: [String], to topic: String, on cluster: KafkaMockCluster) async throws {
        #expect(try await KafkaFixture.produce(lines, to: topic, on: cluster) == lines.count)
    }
}
#endif
