#if Kafka
import CRdKafka
import Dispatch

extension KafkaHandle {
    /// Asks the cluster for a topic's metadata until it answers, waiting `initialBackoff`, then twice as long, and
    /// so on between attempts. The blocking metadata requests run on a queue of their own: the global concurrent
    /// queue has as many threads as cores, and blocking it can stall unrelated work.
    ///
    /// - Throws: ``IngestError`` `.kafkaUnreachable` after `attempts` unanswered attempts; `.kafkaUnknownTopic`,
    ///   `.kafkaAuthentication` or `.kafka` as soon as the cluster answers with such an error.
    func waitForTopic(
        _ topic: String, brokers: String, attempts: Int, initialBackoff: Duration, requestTimeout: Duration
    ) async throws(IngestError) {
        var backoff = initialBackoff
        var lastCode = RD_KAFKA_RESP_ERR_NO_ERROR
        for attempt in 1...max(1, attempts) {
            let code = await withCheckedContinuation { continuation in
                DispatchQueue(label: "marquee.kafka.metadata").async {
                    continuation.resume(returning: self.metadataError(topic: topic, timeout: requestTimeout))
                }
            }
            switch code == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaErrorKind(code) {
            case nil: return
            case .unreachable?, .transient?: lastCode = code
            default: throw IngestError.kafka(code, "reading the metadata of topic \(topic)", brokers: brokers)
            }
            if attempt < attempts {
                do {
                    try await Task.sleep(for: backoff)
                } catch {
                    throw IngestError(.kafka, "connecting to Kafka at \(brokers) was cancelled")
                }
                backoff *= 2
            }
        }
        throw IngestError(
            .kafkaUnreachable,
            "no Kafka broker answered at \(brokers) after \(attempts) attempts (\(Self.describe(lastCode))); "
                + "check that the brokers are up and that --kafka names them (host:port)")
    }

    /// The error of one metadata request for `topic`, or of the topic in the answer; `NO_ERROR` when it exists.
    private func metadataError(topic name: String, timeout: Duration) -> rd_kafka_resp_err_t {
        guard let topic = rd_kafka_topic_new(pointer, name, nil) else { return rd_kafka_last_error() }
        defer { rd_kafka_topic_destroy(topic) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let code = rd_kafka_metadata(pointer, 0, topic, &metadata, Self.milliseconds(timeout))
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { return code }
        defer { rd_kafka_metadata_destroy(metadata) }
        guard metadata.pointee.topic_cnt > 0, let topics = metadata.pointee.topics else { return RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART }
        return topics[0].err
    }

    /// A duration in whole milliseconds, as librdkafka's timeouts take it.
    static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}
#endif
