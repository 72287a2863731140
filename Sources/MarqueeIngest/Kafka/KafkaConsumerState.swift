#if Kafka
import CRdKafka
import Synchronization

/// What a consumer knows about its partitions, shared between the ingest loop and librdkafka's rebalance callback.
///
/// The callback runs inside `rd_kafka_consumer_poll` and `rd_kafka_consumer_close`, on the consumer's queue; the
/// `Mutex` makes the state safe to read from anywhere else (lag, tests).
final class KafkaConsumerState: Sendable {
    struct Inner {
        /// Partitions currently assigned to this member.
        var assigned: Set<Int32> = []
        /// Assigned partitions read to their end (no message since their end-of-partition event).
        var atEnd: Set<Int32> = []
        /// Per partition, the offset after the last durably stored message not yet committed.
        var storedNotCommitted: [Int32: Int64] = [:]
        /// Rebalances this member took part in (assignments and revocations).
        var rebalances = 0
    }

    let topic: String
    let inner = Mutex(Inner())
    /// Called with each error librdkafka reports through its error callback or as a recoverable consumer error.
    let onError: @Sendable (KafkaClientError) -> Void

    init(topic: String, onError: @escaping @Sendable (KafkaClientError) -> Void = { _ in }) {
        self.topic = topic
        self.onError = onError
    }

    /// Reports an error librdkafka raised, with its kind.
    func report(_ code: rd_kafka_resp_err_t, reason: String) {
        onError(KafkaClientError(kind: KafkaErrorKind(code).clientKind, code: code.rawValue, reason: reason))
    }

    /// Whether every assigned partition has been read to its end; `false` before the first assignment.
    var isCaughtUp: Bool {
        inner.withLock { !$0.assigned.isEmpty && $0.assigned.isSubset(of: $0.atEnd) }
    }

    /// Records that messages up to (excluding) these offsets are stored, for partitions still assigned.
    func markStored(_ offsets: [Int32: Int64]) {
        inner.withLock { state in
            for (partition, offset) in offsets where state.assigned.contains(partition) {
                state.storedNotCommitted[partition] = max(offset, state.storedNotCommitted[partition] ?? offset)
            }
        }
    }

    /// Handles a rebalance event: on revocation, commits what was stored of the revoked partitions, then updates
    /// the assignment with the call the group's protocol (eager or cooperative) requires.
    func rebalance(_ client: OpaquePointer, _ event: rd_kafka_resp_err_t, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(client)) == "COOPERATIVE"
        let partitions = Set(KafkaHandle.partitions(of: list).map(\.partition))
        switch event {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            inner.withLock { state in
                state.assigned.formUnion(partitions)
                state.atEnd.subtract(partitions)
                state.rebalances += 1
            }
            if cooperative {
                if let error = rd_kafka_incremental_assign(client, list) { rd_kafka_error_destroy(error) }
            } else {
                rd_kafka_assign(client, list)
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let stored = inner.withLock { state in
                let stored = state.storedNotCommitted.filter { partitions.contains($0.key) }
                state.assigned.subtract(partitions)
                state.atEnd.subtract(partitions)
                for partition in partitions { state.storedNotCommitted[partition] = nil }
                state.rebalances += 1
                return stored
            }
            // Whatever is stored of the revoked partitions is committed before they go. The commit is asynchronous:
            // librdkafka sends it before the unassignment, and a synchronous commit here could wait forever while
            // the consumer closes. A failed commit only means that the next owner reads those messages again, and
            // the store skips them as duplicates.
            if !stored.isEmpty {
                _ = KafkaHandle.withPartitionList(topic: topic, offsets: stored) { rd_kafka_commit(client, $0, 1) }
            }
            if cooperative {
                if let error = rd_kafka_incremental_unassign(client, list) { rd_kafka_error_destroy(error) }
            } else {
                rd_kafka_assign(client, nil)
            }
        default:
            inner.withLock { state in
                state.assigned = []
                state.atEnd = []
                state.storedNotCommitted = [:]
            }
            rd_kafka_assign(client, nil)
        }
    }
}

/// librdkafka's error callback: errors the client recovers from or keeps retrying (a broker down, a failed
/// connection); served inside poll, on the consumer's queue. `opaque` is the consumer's ``KafkaConsumerState``.
func kafkaErrorCallback(_ client: OpaquePointer?, _ code: Int32, _ reason: UnsafePointer<CChar>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let opaque else { return }
    let error = rd_kafka_resp_err_t(rawValue: code)
    let text = reason.map { String(cString: $0) } ?? KafkaHandle.describe(error)
    Unmanaged<KafkaConsumerState>.fromOpaque(opaque).takeUnretainedValue().report(error, reason: text)
}

/// librdkafka's rebalance callback; `opaque` is the consumer's ``KafkaConsumerState``, kept alive by the consumer.
func kafkaRebalanceCallback(
    _ client: OpaquePointer?, _ event: rd_kafka_resp_err_t, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
    _ opaque: UnsafeMutableRawPointer?
) {
    guard let client, let opaque else { return }
    Unmanaged<KafkaConsumerState>.fromOpaque(opaque).takeUnretainedValue().rebalance(client, event, list)
}
#endif
