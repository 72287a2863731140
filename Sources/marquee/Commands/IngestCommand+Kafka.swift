import MarqueeIngest
import MarqueeStore

#if Kafka
import Logging
import MarqueeServer
import ServiceLifecycle
import UnixSignals
#endif

extension IngestCommand {
    /// Consumes the Kafka topic until Ctrl-C or SIGTERM (leaving the group cleanly: what is stored is committed),
    /// or until caught up with `--until-caught-up`; with `--metrics-port`, serves `/metrics` until the ingest ends.
    func ingestKafka(with ingestor: EventIngestor<ContinuousClock>, terminal: ProgressLine) async throws -> IngestSummary {
        #if Kafka
        let configuration = KafkaConsumerConfiguration(
            brokers: kafkaOptions.kafka ?? "", topic: kafkaOptions.topic ?? "", group: group ?? "", properties: kafkaOptions.propertyValues,
            stopWhenCaughtUp: untilCaughtUp)
        let metrics = KafkaIngestMetrics()
        let logger = loggingOptions.makeLogger("marquee.ingest")
        let progress: @Sendable (IngestProgress) -> Void = { summary in
            terminal.update(IngestReport(summary).progressText + ", lag " + (metrics.lag.map(String.init) ?? "unknown"))
        }
        let ingest: @Sendable () async throws -> IngestSummary = {
            try await Self.ingestUntilSignalled {
                try await ingestor.ingest(kafka: configuration, metrics: metrics, logger: logger, progress: progress)
            }
        }
        guard let metricsServer = metricsServer(for: metrics, topic: configuration.topic, logger: logger) else { return try await ingest() }
        let address = "\(metricsHost):\(metricsPort ?? 0)"
        return try await withThrowingTaskGroup(of: Result<IngestSummary, any Error>?.self) { group in
            group.addTask {
                do {
                    try await metricsServer.run()
                } catch {
                    // Stopping when the ingest ends is not a failure; not being able to listen is.
                    guard Task.isCancelled else {
                        throw CommandFailure("cannot serve /metrics on \(address) (\(error)); choose a free --metrics-port")
                    }
                }
                return nil
            }
            group.addTask {
                // The metrics are served until the ingest has ended, then the server stops gracefully.
                let result: Result<IngestSummary, any Error>
                do { result = .success(try await ingest()) } catch { result = .failure(error) }
                await metricsServer.triggerGracefulShutdown()
                return result
            }
            var outcome: Result<IngestSummary, any Error>?
            while let result = try await group.next() {
                if let result { outcome = result }
            }
            guard let outcome else { throw CommandFailure("Kafka ingest ended without a summary") }
            return try outcome.get()
        }
        #else
        throw CommandFailure(KafkaSupport.rebuildAdvice)
        #endif
    }

    #if Kafka
    /// Runs `ingest` until it returns or SIGINT or SIGTERM arrives; a signal cancels it, and it then stops after its
    /// last stored batch and returns its summary.
    private static func ingestUntilSignalled(_ ingest: @escaping @Sendable () async throws -> IngestSummary) async throws -> IngestSummary {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        return try await withThrowingTaskGroup(of: IngestSummary?.self) { group in
            group.addTask { try await ingest() }
            group.addTask {
                for await _ in signals { return nil }
                return nil
            }
            while let result = try await group.next() {
                // The first child to finish decides: a summary ends the wait for signals; a signal cancels the ingest.
                group.cancelAll()
                if let summary = result { return summary }
            }
            throw CommandFailure("Kafka ingest ended without a summary")
        }
    }

    /// The `/metrics` server of `--metrics-port`, or `nil` without it.
    private func metricsServer(for metrics: KafkaIngestMetrics, topic: String, logger: Logger) -> ServiceGroup? {
        guard let metricsPort else { return nil }
        let exporter = KafkaConsumerMetrics(topic: topic, source: metrics)
        let app = buildMetricsApplication(
            configuration: ServerConfiguration(host: metricsHost, port: metricsPort), logger: logger, exposition: exporter.exposition
        ) { [metricsHost] port in
            logger.notice("Serving metrics", metadata: ["server.host": "\(metricsHost)", "server.port": "\(port)", "server.path": "/metrics"])
        }
        return ServiceGroup(services: [app], logger: logger)
    }
    #endif
}
