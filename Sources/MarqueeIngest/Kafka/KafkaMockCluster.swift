#if Kafka
import CRdKafka

/// librdkafka's in-process mock Kafka cluster: real brokers on loopback ports that speak the Kafka protocol,
/// with topics, consumer groups and committed offsets, for tests and benchmarks without a Kafka installation.
public final class KafkaMockCluster: @unchecked Sendable {
    // @unchecked: the cluster pointer is immutable; librdkafka's mock API hands every call to the cluster's own
    // thread, so it may be called from any thread.
    private let handle: KafkaHandle
    private let cluster: OpaquePointer

    /// The bootstrap brokers of the cluster, for `bootstrap.servers` or `--kafka`.
    public let brokers: String

    /// Starts a mock cluster.
    ///
    /// - Parameter brokerCount: the number of brokers (at least 1).
    /// - Throws: ``IngestError`` `.kafka` when the cluster cannot be started.
    public init(brokerCount: Int = 1) throws(IngestError) {
        // The mock cluster belongs to a client handle; an idle producer serves.
        handle = try KafkaHandle(kind: RD_KAFKA_PRODUCER, properties: ["client.id": "marquee-mock-cluster"])
        guard let cluster = rd_kafka_mock_cluster_new(handle.pointer, Int32(max(1, brokerCount))) else {
            throw IngestError(.kafka, "librdkafka could not start a mock cluster of \(brokerCount) brokers")
        }
        self.cluster = cluster
        brokers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    /// Creates a topic.
    ///
    /// - Throws: ``IngestError`` `.kafka` when the topic cannot be created (e.g. it exists).
    public func createTopic(_ name: String, partitions: Int) throws(IngestError) {
        let code = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), 1)
        guard code == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw IngestError(.kafka, "the mock cluster could not create topic \(name): \(KafkaHandle.describe(code))")
        }
    }

    /// Makes the cluster answer metadata requests for `topic` with a topic-level error, as a real cluster does for
    /// a topic it does not have or one the client's credentials carry no rights on.
    public func answerMetadata(ofTopic topic: String, with error: KafkaMockTopicError) {
        rd_kafka_mock_topic_set_error(cluster, topic, error.code)
    }

    /// Takes every broker down: connections are closed and new ones refused.
    public func takeBrokersDown(count: Int = 1) {
        for broker in 1...max(1, count) { rd_kafka_mock_broker_set_down(cluster, Int32(broker)) }
    }

    /// Brings brokers taken down by ``takeBrokersDown(count:)`` back up.
    public func bringBrokersUp(count: Int = 1) {
        for broker in 1...max(1, count) { rd_kafka_mock_broker_set_up(cluster, Int32(broker)) }
    }
}

/// A topic-level error of a ``KafkaMockCluster``.
public enum KafkaMockTopicError: Sendable {
    /// `UNKNOWN_TOPIC_OR_PART`: the cluster has no such topic (the mock otherwise creates topics on first use).
    case unknownTopic
    /// `TOPIC_AUTHORIZATION_FAILED`: the client may not read the topic.
    case authorizationFailed

    var code: rd_kafka_resp_err_t {
        switch self {
        case .unknownTopic: RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART
        case .authorizationFailed: RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
        }
    }
}
#endif
