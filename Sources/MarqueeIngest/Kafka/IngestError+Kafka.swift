#if Kafka
import CRdKafka

extension IngestError {
    /// The error for a librdkafka error code met while doing `action`, with the fix for its kind.
    ///
    /// - Parameters:
    ///   - code: librdkafka's error code.
    ///   - action: what Marquee was doing, e.g. `reading the metadata of topic movielog7`.
    ///   - brokers: the bootstrap brokers, named in the message.
    static func kafka(_ code: rd_kafka_resp_err_t, _ action: String, brokers: String) -> IngestError {
        let reason = "\(action) failed at \(brokers): \(KafkaHandle.describe(code))"
        switch KafkaErrorKind(code) {
        case .unreachable:
            return IngestError(.kafkaUnreachable, "\(reason); check that the brokers are up and that --kafka names them (host:port)")
        case .unknownTopic:
            return IngestError(.kafkaUnknownTopic, "\(reason); create the topic or correct --topic")
        case .authentication:
            return IngestError(
                .kafkaAuthentication,
                "\(reason); check the credentials (sasl.username, sasl.password, sasl.mechanism, security.protocol) "
                    + "and the ACLs for the topic and the consumer group")
        case .transient, .other:
            return IngestError(.kafka, reason)
        }
    }
}

/// How Marquee reacts to a librdkafka error code.
enum KafkaErrorKind {
    /// The brokers cannot be reached (yet): retry, then give up with a clear error.
    case unreachable
    /// The topic or partition does not exist.
    case unknownTopic
    /// Credentials or rights were refused.
    case authentication
    /// librdkafka recovers by itself (a broker reconnect, a leader change, a rebalance).
    case transient
    /// Anything else: fatal.
    case other

    init(_ code: rd_kafka_resp_err_t) {
        switch code {
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__RESOLVE,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            self = .unreachable
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            self = .unknownTopic
        case RD_KAFKA_RESP_ERR__AUTHENTICATION, RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED,
            RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR__SSL,
            RD_KAFKA_RESP_ERR_UNSUPPORTED_SASL_MECHANISM, RD_KAFKA_RESP_ERR_ILLEGAL_SASL_STATE:
            self = .authentication
        case RD_KAFKA_RESP_ERR__PARTITION_EOF, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR__MAX_POLL_EXCEEDED, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS, RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION,
            RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID, RD_KAFKA_RESP_ERR__STATE, RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_COORDINATOR, RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR__WAIT_COORD,
            RD_KAFKA_RESP_ERR__NO_OFFSET:
            self = .transient
        default:
            self = .other
        }
    }

    /// The kind's public name, a label of the errors metric.
    var clientKind: KafkaClientErrorKind {
        switch self {
        case .unreachable: .unreachable
        case .unknownTopic: .unknownTopic
        case .authentication: .authentication
        case .transient: .transient
        case .other: .other
        }
    }
}
#endif
