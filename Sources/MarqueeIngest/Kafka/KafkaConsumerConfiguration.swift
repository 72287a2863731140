/// Where and how the Kafka ingest consumes: the cluster, the topic, the consumer group and its patience.
///
/// The type exists in every build, so that callers can be written once; consuming needs the package trait `Kafka`
/// (see ``KafkaSupport``).
public struct KafkaConsumerConfiguration: Sendable {
    /// Bootstrap brokers, comma-separated `host:port`, e.g. `kafka1:9092,kafka2:9092`.
    public var brokers: String
    /// The topic holding the event log, one line per message, e.g. `movielog7`.
    public var topic: String
    /// The consumer group; its members share the topic's partitions and their committed offsets.
    public var group: String
    /// Further librdkafka properties, e.g. `security.protocol`, `sasl.mechanism`, `sasl.username`, `sasl.password`.
    public var properties: [String: String]
    /// How many times the cluster is asked for the topic's metadata before a start fails as unreachable (at least 1).
    public var connectAttempts: Int
    /// The wait before the second attempt; it doubles for each further attempt.
    public var initialBackoff: Duration
    /// How long one metadata request may take.
    public var requestTimeout: Duration
    /// How long one poll waits for a message when none is buffered.
    public var pollTimeout: Duration
    /// Stop once every assigned partition has been read to its end (for batch jobs, tests and benchmarks);
    /// otherwise consume until the task is cancelled.
    public var stopWhenCaughtUp: Bool

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - brokers: bootstrap brokers, comma-separated `host:port`.
    ///   - topic: the topic to consume.
    ///   - group: the consumer group to join.
    ///   - properties: further librdkafka properties (security settings, timeouts).
    ///   - connectAttempts: metadata requests before the start fails as unreachable.
    ///   - initialBackoff: the first wait between attempts, doubled each time.
    ///   - requestTimeout: the time one metadata request may take.
    ///   - pollTimeout: how long one poll waits for a message.
    ///   - stopWhenCaughtUp: stop at the end of every assigned partition instead of waiting for more.
    public init(
        brokers: String, topic: String, group: String, properties: [String: String] = [:], connectAttempts: Int = 5,
        initialBackoff: Duration = .milliseconds(500), requestTimeout: Duration = .seconds(5), pollTimeout: Duration = .milliseconds(100),
        stopWhenCaughtUp: Bool = false
    ) {
        self.brokers = brokers
        self.topic = topic
        self.group = group
        self.properties = properties
        self.connectAttempts = max(1, connectAttempts)
        self.initialBackoff = initialBackoff
        self.requestTimeout = requestTimeout
        self.pollTimeout = pollTimeout
        self.stopWhenCaughtUp = stopWhenCaughtUp
    }

    /// The name under which the topic's quarantined lines are stored: `kafka:<topic>/<partition>`.
    public func sourceName(partition: Int32) -> String { "kafka:\(topic)/\(partition)" }
}

/// Whether this build of Marquee can speak Kafka.
public enum KafkaSupport {
    /// `true` when the package was built with `--traits Kafka` (and so linked against librdkafka).
    public static var isAvailable: Bool {
        #if Kafka
        true
        #else
        false
        #endif
    }

    /// What to do when Kafka is asked for in a build without it.
    public static let rebuildAdvice =
        "this build of Marquee has no Kafka support: install librdkafka-dev (apt-get install librdkafka-dev) "
        + "and rebuild with `swift build --traits Kafka`"
}
