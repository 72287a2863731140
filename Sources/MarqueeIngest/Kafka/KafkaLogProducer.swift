#if Kafka
import CRdKafka
import Synchronization

/// Produces event-log lines to a Kafka topic, one message per line, keyed by the line's user id so that a user's
/// events stay ordered in one partition.
///
/// Delivery is asynchronous; ``flush(timeout:)`` waits for every delivery report and fails if any line was not
/// delivered. Sending is meant for one task at a time (the simulator's sink); librdkafka's produce and poll calls
/// are themselves thread-safe.
public final class KafkaLogProducer: Sendable {
    /// The topic lines go to.
    public let topic: String
    private let brokers: String
    private let handle: KafkaHandle
    private let topicHandle: KafkaTopicHandle
    private let reports: KafkaDeliveryReports

    /// Creates a producer and waits until the cluster knows the topic.
    ///
    /// - Parameters:
    ///   - brokers: bootstrap brokers, comma-separated `host:port`.
    ///   - topic: the topic to produce to.
    ///   - properties: further librdkafka properties (security settings, `linger.ms`, ...).
    ///   - connectAttempts: metadata requests before giving up as unreachable.
    ///   - initialBackoff: the first wait between attempts, doubled each time.
    ///   - requestTimeout: the time one metadata request may take.
    /// - Throws: ``IngestError`` `.kafkaUnreachable`, `.kafkaUnknownTopic`, `.kafkaAuthentication` or `.kafka`.
    public init(
        brokers: String, topic: String, properties: [String: String] = [:], connectAttempts: Int = 5,
        initialBackoff: Duration = .milliseconds(500), requestTimeout: Duration = .seconds(5)
    ) async throws(IngestError) {
        self.topic = topic
        self.brokers = brokers
        let reports = KafkaDeliveryReports()
        self.reports = reports
        var settings = [
            "bootstrap.servers": brokers, "client.id": "marquee-simulator", "linger.ms": "20", "enable.idempotence": "true",
            "queue.buffering.max.messages": "1000000",
        ]
        settings.merge(properties) { _, given in given }
        handle = try KafkaHandle(kind: RD_KAFKA_PRODUCER, properties: settings, context: reports) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, kafkaDeliveryReportCallback)
        }
        topicHandle = try KafkaTopicHandle(handle: handle, topic: topic)
        try await handle.waitForTopic(
            topic, brokers: brokers, attempts: connectAttempts, initialBackoff: initialBackoff, requestTimeout: requestTimeout)
    }

    /// Messages delivered so far (acknowledged by the cluster).
    public var delivered: Int { reports.state.withLock(\.delivered) }

    /// Queues one line (given without its terminator) for delivery; waits for room when the local queue is full.
    ///
    /// - Throws: ``IngestError`` `.kafka` when librdkafka refuses the message (e.g. larger than `message.max.bytes`).
    public func send(line: [UInt8]) throws(IngestError) {
        let key = Self.userKey(of: line)
        while true {
            let result = line.withUnsafeBytes { payload in
                key.withUnsafeBytes { key in
                    rd_kafka_produce(
                        topicHandle.pointer, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY, UnsafeMutableRawPointer(mutating: payload.baseAddress),
                        payload.count, key.baseAddress, key.count, nil)
                }
            }
            if result == 0 { break }
            let code = rd_kafka_last_error()
            guard code == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                throw IngestError.kafka(code, "producing a line to \(topic)", brokers: brokers)
            }
            rd_kafka_poll(handle.pointer, 100)
        }
        rd_kafka_poll(handle.pointer, 0)
    }

    /// Waits until every queued line is delivered.
    ///
    /// - Throws: ``IngestError`` `.kafka` when lines are still undelivered after `timeout`, or when any delivery
    ///   failed (the message names how many and the first reason).
    public func flush(timeout: Duration = .seconds(60)) throws(IngestError) {
        let code = rd_kafka_flush(handle.pointer, KafkaHandle.milliseconds(timeout))
        if code != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw IngestError(
                .kafka, "\(rd_kafka_outq_len(handle.pointer)) lines were still undelivered to \(topic) at \(brokers) after \(timeout); "
                    + "check that the brokers are up")
        }
        let (failed, firstFailure) = reports.state.withLock { ($0.failed, $0.firstFailure) }
        if failed > 0, let firstFailure {
            throw IngestError.kafka(firstFailure, "delivering \(failed) lines to \(topic)", brokers: brokers)
        }
    }

    /// The key of a log line: its user id, the bytes between the first and the second comma (the whole line when
    /// it has fewer commas, so that malformed lines are still delivered).
    static func userKey(of line: [UInt8]) -> ArraySlice<UInt8> {
        guard let first = line.firstIndex(of: UInt8(ascii: ",")) else { return line[...] }
        let rest = line[(first + 1)...]
        return rest[..<(rest.firstIndex(of: UInt8(ascii: ",")) ?? rest.endIndex)]
    }
}

/// Owns a topic handle (`rd_kafka_topic_t`) of a client; keeps the client alive while it lives.
final class KafkaTopicHandle: @unchecked Sendable {
    // @unchecked: the topic handle is immutable after creation and librdkafka's produce on it is thread-safe.
    let pointer: OpaquePointer
    private let handle: KafkaHandle

    init(handle: KafkaHandle, topic: String) throws(IngestError) {
        guard let pointer = rd_kafka_topic_new(handle.pointer, topic, nil) else {
            throw IngestError(.kafka, "librdkafka could not create a handle for topic \(topic): \(KafkaHandle.describe(rd_kafka_last_error()))")
        }
        self.pointer = pointer
        self.handle = handle
    }

    deinit {
        rd_kafka_topic_destroy(pointer)
    }
}

/// Delivery reports of a producer, written by librdkafka's callback while it is polled or flushed.
final class KafkaDeliveryReports: Sendable {
    struct Counts {
        var delivered = 0
        var failed = 0
        var firstFailure: rd_kafka_resp_err_t?
    }

    let state = Mutex(Counts())
}

/// librdkafka's delivery-report callback; `opaque` is the producer's ``KafkaDeliveryReports``, kept alive by it.
func kafkaDeliveryReportCallback(_ client: OpaquePointer?, _ message: UnsafePointer<rd_kafka_message_t>?, _ opaque: UnsafeMutableRawPointer?) {
    guard let message, let opaque else { return }
    let code = message.pointee.err
    Unmanaged<KafkaDeliveryReports>.fromOpaque(opaque).takeUnretainedValue().state.withLock { counts in
        if code == RD_KAFKA_RESP_ERR_NO_ERROR {
            counts.delivered += 1
        } else {
            counts.failed += 1
            if counts.firstFailure == nil { counts.firstFailure = code }
        }
    }
}
#endif
