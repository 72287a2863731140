import MarqueeIngest
import MarqueeStore

#if Kafka
import UnixSignals
#endif

extension IngestCommand {
    /// Consumes the Kafka topic until Ctrl-C or SIGTERM (leaving the group cleanly: what is stored is committed),
    /// or until caught up with `--until-caught-up`.
    func ingestKafka(with ingestor: EventIngestor<ContinuousClock>, terminal: ProgressLine) async throws -> IngestSummary {
        #if Kafka
        let configuration = KafkaConsumerConfiguration(
            brokers: kafkaOptions.kafka ?? "", topic: kafkaOptions.topic ?? "", group: group ?? "", properties: kafkaOptions.propertyValues,
            stopWhenCaughtUp: untilCaughtUp)
        let metrics = KafkaIngestMetrics()
        let progress: @Sendable (IngestProgress) -> Void = { summary in
            terminal.update(IngestReport(summary).progressText + ", lag " + (metrics.lag.map(String.init) ?? "unknown"))
        }
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return try await withThrowingTaskGroup(of: IngestSummary?.self) { group in
            group.addTask { try await ingestor.ingest(kafka: configuration, metrics: metrics, progress: progress) }
            group.addTask {
                for await _ in signals { return nil }
                return nil
            }
            while let result = try await group.next() {
                // The first child to finish decides: a summary ends the wait for signals; a signal cancels the ingest,
                // which then stops after its last stored batch and returns its summary.
                group.cancelAll()
                if let summary = result { return summary }
            }
            throw CommandFailure("Kafka ingest ended without a summary")
        }
        #else
        throw CommandFailure(KafkaSupport.rebuildAdvice)
        #endif
    }
}
