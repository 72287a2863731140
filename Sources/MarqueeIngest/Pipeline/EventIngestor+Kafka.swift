#if Kafka
import Logging
import MarqueeCore
import MarqueeStore

extension EventIngestor {
    /// Ingests a Kafka topic as a member of a consumer group, one log line per message.
    ///
    /// Lines go through the same parse, validation, quarantine and batch store as files. Offsets are committed
    /// only after the batch holding their messages is durably stored; a run that stops between the two reads those
    /// messages again next time, and the store skips their events as duplicates, so every event is stored once.
    /// Quarantined lines are recorded under `kafka:<topic>/<partition>` with their message offset, and each
    /// partition's next offset is checkpointed in the store under `kafka:<topic>` after its batch is stored (the
    /// group's committed offsets, not these, decide where consuming resumes).
    ///
    /// - Parameters:
    ///   - configuration: the cluster, topic and group, and how long to retry the first connection.
    ///   - metrics: live consumer lag (in total and per partition), rebalances, commits, librdkafka's errors and the
    ///     summary so far, for the caller to read or export.
    ///   - logger: where errors librdkafka recovers from (a broker outage, a lost connection) are logged as warnings.
    ///   - progress: called after every ``IngestConfiguration/progressInterval`` batches.
    /// - Returns: what the run read and stored. It runs until the task is cancelled, or with
    ///   ``KafkaConsumerConfiguration/stopWhenCaughtUp`` until every assigned partition is read to its end.
    /// - Throws: ``IngestError`` `.kafkaUnreachable`, `.kafkaUnknownTopic`, `.kafkaAuthentication` or `.kafka`, or a
    ///   store failure; batches stored before remain stored.
    public func ingest(
        kafka configuration: KafkaConsumerConfiguration, metrics: KafkaIngestMetrics = KafkaIngestMetrics(), logger: Logger? = nil,
        progress: (@Sendable (IngestProgress) -> Void)? = nil
    ) async throws(IngestError) -> IngestSummary {
        let consumer = try KafkaConsumer(configuration: configuration, metrics: metrics, logger: logger)
        try await consumer.connect()
        try consumer.subscribe()
        let result: Result<IngestSummary, IngestError>
        do {
            result = .success(try await consume(from: consumer, progress: progress))
        } catch {
            result = .failure(error)
        }
        await consumer.close()
        return try result.get()
    }

    /// The consume loop: fetch, parse into the batch, store a full (or idle) batch, then commit its offsets.
    ///
    /// While one batch is stored (on the store's own thread), the next one is fetched and parsed. At most one batch
    /// is in flight, and its offsets are committed once it is stored, before the next batch is submitted. Offsets of
    /// partitions revoked meanwhile are not committed: their next owner reads them again and skips them as duplicates.
    private func consume(from consumer: KafkaConsumer, progress: (@Sendable (IngestProgress) -> Void)?) async throws(IngestError)
        -> IngestSummary
    {
        let configuration = consumer.configuration
        let start = clock.now
        let source = "kafka:\(configuration.topic)"
        var summary = IngestSummary(source: source)
        let validation = self.configuration.referenceValidation
        var validator = try await storeCall { () async throws(StoreError) in
            try await ReferenceValidator(store: store, validation: validation)
        }
        let codec = LogLineCodec(configuration: self.configuration.codec)
        let batchSize = self.configuration.batchSize
        var batch = BatchBuilder(source: source, capacity: batchSize, seekable: false)
        var quarantineSources: [Int32: String] = [:]
        var pending: [Int32: Int64] = [:]
        var pendingBytes: Int64 = 0
        let destination = store

        let result = await withTaskGroup(of: Result<StoredBatch, StoreError>.self, returning: Result<IngestSummary, IngestError>.self) {
            group in
            // The offsets (partition → next offset) of the batch being stored.
            var inFlight: [Int32: Int64]?
            func awaitInFlight() async throws(IngestError) {
                guard let offsets = inFlight, let stored = await group.next() else { return }
                inFlight = nil
                let storedBatch: StoredBatch
                do {
                    storedBatch = try stored.get()
                } catch {
                    throw IngestError(error)
                }
                // Each partition's position is checkpointed in the store too (snapshots record the offsets of what
                // they cover); one small transaction per partition, since a batch carries one position.
                for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
                    let checkpoint = IngestBatch(source: source, events: [], position: SourcePosition(partition: Int(partition), offset: offset))
                    _ = try await storeCall { () async throws(StoreError) in try await destination.store(checkpoint) }
                }
                consumer.markStored(offsets)
                try await consumer.commitStored()
                account(storedBatch, in: &summary, start: start, progress: progress)
                consumer.metrics.record(summary: summary)
            }
            do throws(IngestError) {
                while !Task.isCancelled {
                    let fetch = try await consumer.fetch(limit: batchSize - batch.lineCount)
                    fetch.forEachLine { line, partition, offset in
                        let name = quarantineSources[partition] ?? configuration.sourceName(partition: partition)
                        quarantineSources[partition] = name
                        batch.add(line, offset: offset, nextOffset: offset + 1, codec: codec, validator: &validator, quarantineSource: name)
                        pending[partition] = max(offset + 1, pending[partition] ?? 0)
                    }
                    pendingBytes += Int64(fetch.bytes.count)
                    if batch.lineCount >= batchSize || (fetch.count == 0 && batch.lineCount > 0) {
                        try await awaitInFlight()
                        var taken = batch.take()
                        taken.byteCount = pendingBytes
                        group.addTask {
                            do throws(StoreError) {
                                return .success(StoredBatch(taken: taken, outcome: try await destination.store(taken.batch)))
                            } catch {
                                return .failure(error)
                            }
                        }
                        inFlight = pending
                        pending = [:]
                        pendingBytes = 0
                    }
                    if fetch.count == 0, batch.lineCount == 0 {
                        try await awaitInFlight()
                        if configuration.stopWhenCaughtUp, consumer.state.isCaughtUp { break }
                    }
                }
                try await awaitInFlight()
                return .success(summary)
            } catch {
                // Stopped while storing: that batch's offsets stay uncommitted, so the group reads it again.
                return Task.isCancelled ? .success(summary) : .failure(error)
            }
        }
        summary = try result.get()
        summary.elapsedSeconds = Self.seconds(start.duration(to: clock.now))
        return summary
    }
}
#endif
