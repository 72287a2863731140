#if Kafka
import CRdKafka
import Dispatch
import Logging
import Synchronization

/// A member of a Kafka consumer group that hands out messages in bulk and commits only what the caller stored.
///
/// Offsets are never committed automatically (`enable.auto.commit=false`): the caller reports stored offsets with
/// ``markStored(_:)`` and commits them with ``commitStored()``; on a revocation the rebalance callback commits what
/// was stored of the revoked partitions before letting them go. Commits are asynchronous, so that the thread
/// serving rebalances never waits for one. Every call that may block (poll, commit, close)
/// runs on the consumer's own serial queue, never on Swift's cooperative threads (the start's metadata requests run
/// on a queue of their own); the rebalance callback is served inside poll and close, so it runs on that queue too.
/// Sendable: the handle is thread-safe for these calls, and the shared state is behind a `Mutex`.
final class KafkaConsumer: Sendable {
    let configuration: KafkaConsumerConfiguration
    let state: KafkaConsumerState
    let metrics: KafkaIngestMetrics
    private let handle: KafkaHandle
    private let queue = DispatchQueue(label: "marquee.kafka.consumer")

    /// Creates a consumer; it neither connects nor joins its group yet.
    ///
    /// - Parameter logger: where errors librdkafka recovers from (a broker down, a lost connection) are logged as
    ///   warnings; they are counted in `metrics` either way.
    /// - Throws: ``IngestError`` `.kafka` when librdkafka refuses a property.
    init(configuration: KafkaConsumerConfiguration, metrics: KafkaIngestMetrics, logger: Logger? = nil) throws(IngestError) {
        self.configuration = configuration
        self.metrics = metrics
        let (topic, group) = (configuration.topic, configuration.group)
        let state = KafkaConsumerState(topic: configuration.topic) { error in
            metrics.record(error)
            logger?.warning(
                "Kafka client error",
                metadata: [
                    "kafka.error.kind": "\(error.kind.rawValue)", "kafka.error.code": "\(error.code)", "kafka.error.reason": "\(error.reason)",
                    "kafka.topic": "\(topic)", "kafka.group": "\(group)",
                ])
        }
        self.state = state
        var properties = [
            "bootstrap.servers": configuration.brokers, "group.id": configuration.group, "client.id": "marquee-ingest",
            "enable.auto.commit": "false", "enable.auto.offset.store": "false", "auto.offset.reset": "earliest",
            "enable.partition.eof": "true",
        ]
        properties.merge(configuration.properties) { _, given in given }
        handle = try KafkaHandle(kind: RD_KAFKA_CONSUMER, properties: properties, context: state) { conf in
            rd_kafka_conf_set_rebalance_cb(conf, kafkaRebalanceCallback)
            rd_kafka_conf_set_error_cb(conf, kafkaErrorCallback)
        }
        // Route the handle's events (messages, errors, rebalances) to the consumer queue that consumer_poll serves.
        rd_kafka_poll_set_consumer(handle.pointer)
    }

    /// Waits until the cluster answers with the topic's metadata (see ``KafkaHandle/waitForTopic(_:brokers:attempts:initialBackoff:requestTimeout:)``).
    ///
    /// librdkafka hands its errors over only while the consumer is polled, so meanwhile the consumer queue is polled
    /// every poll timeout: errors of the first connection (a broker down at start) are counted and logged as they
    /// happen, not when the consumer first fetches or closes.
    func connect() async throws(IngestError) {
        let connecting = KafkaConnecting()
        async let served: Void = serveErrors(while: connecting)
        let result: Result<Void, IngestError>
        do {
            try await handle.waitForTopic(
                configuration.topic, brokers: configuration.brokers, attempts: configuration.connectAttempts,
                initialBackoff: configuration.initialBackoff, requestTimeout: configuration.requestTimeout)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        connecting.finish()
        await served
        try result.get()
    }

    /// Joins the consumer group on the topic; partitions arrive through the rebalance callback while polling.
    func subscribe() throws(IngestError) {
        let code: rd_kafka_resp_err_t? = KafkaHandle.withPartitionList(topic: configuration.topic, offsets: [RD_KAFKA_PARTITION_UA: 0]) {
            rd_kafka_subscribe(handle.pointer, $0)
        }
        guard let code else { throw IngestError(.kafka, "librdkafka could not allocate a partition list") }
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw IngestError.kafka(code, "subscribing group \(configuration.group) to \(configuration.topic)", brokers: configuration.brokers)
        }
    }

    /// Takes up to `limit` messages: waits up to the poll timeout for the first, then takes what is already buffered.
    ///
    /// - Throws: ``IngestError`` for failures librdkafka does not recover from (unknown topic, refused credentials,
    ///   a fatal client error); broker reconnects and rebalances are handled inside.
    func fetch(limit: Int) async throws(IngestError) -> KafkaFetch {
        let result = await onQueue { self.poll(limit: limit) }
        return try result.get()
    }

    /// Records that every message below these offsets (partition → offset after the last stored message) is stored.
    func markStored(_ offsets: [Int32: Int64]) {
        state.markStored(offsets)
    }

    /// Commits the stored offsets of the partitions still assigned.
    ///
    /// The commit is asynchronous: a synchronous one blocks the thread that must also serve the group's rebalance
    /// callback, and during a rebalance the two wait for each other. A commit that fails (refused during a
    /// rebalance, or lost with the connection) is not retried: the partitions' next reader reads those messages
    /// again and the store skips them as duplicates.
    /// - Throws: ``IngestError`` `.kafka` when librdkafka refuses to send the commit.
    func commitStored() async throws(IngestError) {
        let code = await onQueue { self.commitNow() }
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        switch KafkaErrorKind(code) {
        case .transient, .unreachable: return
        default: throw IngestError.kafka(code, "committing offsets of group \(configuration.group)", brokers: configuration.brokers)
        }
    }

    /// Leaves the group: the revocation commits what is stored; then the handle stops fetching.
    func close() async {
        _ = await onQueue { rd_kafka_consumer_close(self.handle.pointer) }
    }

    /// Serves the consumer queue's error events until `connecting` finishes.
    private func serveErrors(while connecting: KafkaConnecting) async {
        let timeout = KafkaHandle.milliseconds(configuration.pollTimeout)
        while connecting.isUnderway {
            await onQueue { self.serveErrors(timeout: timeout) }
        }
    }

    // MARK: - On the queue

    /// Polls once, before the subscription (so no message can arrive, only error events), reporting the error.
    private func serveErrors(timeout: Int32) {
        guard let message = rd_kafka_consumer_poll(handle.pointer, timeout) else { return }
        defer { rd_kafka_message_destroy(message) }
        let code = message.pointee.err
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR, code != RD_KAFKA_RESP_ERR__PARTITION_EOF else { return }
        state.report(code, reason: Self.errorText(of: message))
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    private func poll(limit: Int) -> Result<KafkaFetch, IngestError> {
        var fetch = KafkaFetch()
        // Per partition, whether its last event in this poll was its end (true) or a message (false).
        var ended: [Int32: Bool] = [:]
        var timeout = KafkaHandle.milliseconds(configuration.pollTimeout)
        while fetch.count < limit, let message = rd_kafka_consumer_poll(handle.pointer, timeout) {
            defer { rd_kafka_message_destroy(message) }
            timeout = 0
            let code = message.pointee.err
            if code == RD_KAFKA_RESP_ERR_NO_ERROR {
                let payload = UnsafeBufferPointer(start: message.pointee.payload?.assumingMemoryBound(to: UInt8.self), count: message.pointee.len)
                fetch.append(partition: message.pointee.partition, offset: message.pointee.offset, payload: payload)
                ended[message.pointee.partition] = false
            } else if code == RD_KAFKA_RESP_ERR__PARTITION_EOF {
                ended[message.pointee.partition] = true
            } else if let error = consumeError(code) {
                return .failure(error)
            } else {
                state.report(code, reason: Self.errorText(of: message))
            }
        }
        if !ended.isEmpty {
            state.inner.withLock { state in
                for (partition, atEnd) in ended where state.assigned.contains(partition) {
                    if atEnd { state.atEnd.insert(partition) } else { state.atEnd.remove(partition) }
                }
            }
        }
        metrics.record(partitionLags: currentLag(), rebalances: state.inner.withLock(\.rebalances))
        return .success(fetch)
    }

    /// The error to stop on for an error event, or `nil` for one librdkafka recovers from.
    private func consumeError(_ code: rd_kafka_resp_err_t) -> IngestError? {
        var fatal = code
        if code == RD_KAFKA_RESP_ERR__FATAL {
            fatal = rd_kafka_fatal_error(handle.pointer, nil, 0)
        }
        switch KafkaErrorKind(fatal) {
        case .unknownTopic, .authentication:
            return IngestError.kafka(fatal, "consuming \(configuration.topic) in group \(configuration.group)", brokers: configuration.brokers)
        case .other where code == RD_KAFKA_RESP_ERR__FATAL:
            return IngestError.kafka(fatal, "consuming \(configuration.topic) in group \(configuration.group)", brokers: configuration.brokers)
        default:
            return nil
        }
    }

    private func commitNow() -> rd_kafka_resp_err_t {
        let pending = state.inner.withLock { state in
            let pending = state.storedNotCommitted.filter { state.assigned.contains($0.key) }
            state.storedNotCommitted = [:]
            return pending
        }
        guard !pending.isEmpty else { return RD_KAFKA_RESP_ERR_NO_ERROR }
        let code = KafkaHandle.withPartitionList(topic: configuration.topic, offsets: pending) { rd_kafka_commit(handle.pointer, $0, 1) }
        guard let code else { return RD_KAFKA_RESP_ERR__FAIL }
        if code == RD_KAFKA_RESP_ERR_NO_ERROR { metrics.recordCommit() }
        return code
    }

    /// librdkafka's text of an error message (the error string it carries, or the code's name).
    private static func errorText(of message: UnsafeMutablePointer<rd_kafka_message_t>) -> String {
        guard let text = rd_kafka_message_errstr(message) else { return KafkaHandle.describe(message.pointee.err) }
        return String(cString: text)
    }

    /// Per assigned partition, the messages between its position and its end, from librdkafka's cached watermarks
    /// (0 for a partition read to its end), leaving out partitions whose position is not known yet; `nil` while no
    /// partition is assigned or none of those still being read has a known position.
    private func currentLag() -> [Int32: Int64]? {
        let (assigned, atEnd) = state.inner.withLock { ($0.assigned, $0.atEnd) }
        let reading = assigned.subtracting(atEnd)
        guard !assigned.isEmpty else { return nil }
        var lags = Dictionary(uniqueKeysWithValues: atEnd.intersection(assigned).map { ($0, Int64(0)) })
        guard !reading.isEmpty else { return lags }
        let positions = KafkaHandle.withPartitionList(topic: configuration.topic, offsets: Dictionary(uniqueKeysWithValues: reading.map { ($0, 0) })) {
            list in
            rd_kafka_position(handle.pointer, list)
            return KafkaHandle.partitions(of: list)
        }
        for (partition, position) in positions ?? [] where position >= 0 {
            var low: Int64 = 0
            var high: Int64 = 0
            guard rd_kafka_get_watermark_offsets(handle.pointer, configuration.topic, partition, &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR,
                high >= 0
            else { continue }
            lags[partition] = max(0, high - position)
        }
        // As long as no partition still being read has a known lag, the lag is unknown (not 0).
        return reading.contains { lags[$0] != nil } ? lags : nil
    }

}

/// Whether a consumer's first connection is still being made; set from the connecting task, read by the poller.
private final class KafkaConnecting: Sendable {
    private let underway = Atomic<Bool>(true)

    var isUnderway: Bool { underway.load(ordering: .acquiring) }

    func finish() { underway.store(false, ordering: .releasing) }
}
#endif
