#if Kafka
import CRdKafka

/// The version of the librdkafka library Marquee runs on, e.g. `2.0.2`.
public var kafkaLibraryVersion: String { String(cString: rd_kafka_version_str()) }
#endif
