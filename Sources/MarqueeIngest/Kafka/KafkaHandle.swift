#if Kafka
import CRdKafka

/// Owns one librdkafka client handle (`rd_kafka_t`) and destroys it with itself.
///
/// The C pointer work of the Kafka types lives here and in their one file each: configuration, creation, error
/// texts and topic-partition lists. librdkafka documents its handle as thread-safe for every call Marquee makes
/// (produce, poll, commit, metadata, position, watermarks); the types that own a handle add their own rules
/// about which calls they serialise.
final class KafkaHandle: @unchecked Sendable {
    /// The client handle; valid until `deinit`.
    let pointer: OpaquePointer
    /// The object librdkafka's callbacks receive as their opaque; released only after the handle is destroyed
    /// (destroying a consumer may still call its rebalance callback).
    private let context: (any AnyObject & Sendable)?

    /// Creates a producer or consumer from `properties`.
    ///
    /// - Parameters:
    ///   - kind: `RD_KAFKA_PRODUCER` or `RD_KAFKA_CONSUMER`.
    ///   - properties: librdkafka configuration properties.
    ///   - context: the callbacks' opaque, kept alive as long as the handle.
    ///   - prepare: called with the configuration before the handle is created, to set the callbacks.
    /// - Throws: ``IngestError`` `.kafka` naming the rejected property.
    init(
        kind: rd_kafka_type_t, properties: [String: String], context: (any AnyObject & Sendable)? = nil,
        prepare: (OpaquePointer) -> Void = { _ in }
    ) throws(IngestError) {
        self.context = context
        guard let configuration = rd_kafka_conf_new() else { throw IngestError(.kafka, "librdkafka could not allocate a configuration") }
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            var error = [CChar](repeating: 0, count: 512)
            if rd_kafka_conf_set(configuration, key, value, &error, error.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(configuration)
                throw IngestError(.kafka, "the Kafka setting \(key)=\(value) was refused: \(Self.text(error)); fix or remove it")
            }
        }
        // Libraries never print: librdkafka's own log lines (to stderr by default) are dropped; failures reach
        // Marquee as error codes and become typed errors.
        rd_kafka_conf_set_log_cb(configuration) { _, _, _, _ in }
        if let context { rd_kafka_conf_set_opaque(configuration, Unmanaged.passUnretained(context).toOpaque()) }
        prepare(configuration)
        var error = [CChar](repeating: 0, count: 512)
        // On success rd_kafka_new takes ownership of the configuration.
        guard let handle = rd_kafka_new(kind, configuration, &error, error.count) else {
            rd_kafka_conf_destroy(configuration)
            throw IngestError(.kafka, "the Kafka client could not be created: \(Self.text(error))")
        }
        pointer = handle
    }

    deinit {
        rd_kafka_destroy(pointer)
    }

    /// librdkafka's name for an error code, e.g. `Local: Broker transport failure`.
    static func describe(_ code: rd_kafka_resp_err_t) -> String { String(cString: rd_kafka_err2str(code)) }

    /// A NUL-terminated C buffer as a string.
    static func text(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { pointer in pointer.baseAddress.map { String(cString: $0) } ?? "" }
    }

    /// Builds a topic-partition list for `offsets` (partition → offset), calls `body` with it and destroys it;
    /// `nil` when librdkafka cannot allocate the list.
    static func withPartitionList<R>(
        topic: String, offsets: [Int32: Int64], _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> R
    ) -> R? {
        guard let list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t> = rd_kafka_topic_partition_list_new(Int32(offsets.count))
        else { return nil }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            if let element: UnsafeMutablePointer<rd_kafka_topic_partition_t> = rd_kafka_topic_partition_list_add(list, topic, partition) {
                element.pointee.offset = offset
            }
        }
        return body(list)
    }

    /// The partitions of a topic-partition list with their offsets.
    static func partitions(of list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> [(partition: Int32, offset: Int64)] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { (elements[$0].partition, elements[$0].offset) }
    }
}
#endif
