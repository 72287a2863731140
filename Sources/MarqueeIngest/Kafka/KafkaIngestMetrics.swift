import Synchronization

/// Live figures of a Kafka ingest run, readable from any thread while it runs (e.g. by a metrics exporter).
public final class KafkaIngestMetrics: Sendable {
    private let lagValue = Atomic<Int64>(-1)
    private let rebalanceCount = Atomic<Int>(0)
    private let commitCount = Atomic<Int>(0)
    private let details = Mutex(Details())

    private struct Details {
        var partitionLags: [Int32: Int64] = [:]
        var errors: [KafkaClientErrorKind: Int] = [:]
        var lastError: KafkaClientError?
        var summary: IngestSummary?
    }

    /// Creates metrics with no lag known yet.
    public init() {}

    /// Consumer lag: messages between this member's positions and the ends of its assigned partitions, as of the
    /// last fetch; `nil` before the group assigned partitions and positions are known.
    public var lag: Int64? {
        let value = lagValue.load(ordering: .relaxed)
        return value >= 0 ? value : nil
    }

    /// The lag of each assigned partition whose position and end are known (partition → messages), as of the last
    /// fetch; a partition read to its end has 0. Empty before the first assignment and after a revocation of all.
    public var partitionLags: [Int32: Int64] { details.withLock(\.partitionLags) }

    /// Rebalances (assignments and revocations) this member took part in.
    public var rebalances: Int { rebalanceCount.load(ordering: .relaxed) }

    /// Offset commits sent, each after a stored batch (commits are asynchronous; one refused during a rebalance
    /// only makes the partitions' next reader read those messages again).
    public var commits: Int { commitCount.load(ordering: .relaxed) }

    /// Errors librdkafka reported and recovered from (or is retrying), by kind: a broker outage shows here
    /// while the consumer keeps waiting for the brokers to come back.
    public var errors: [KafkaClientErrorKind: Int] { details.withLock(\.errors) }

    /// The latest error librdkafka reported, if any.
    public var lastError: KafkaClientError? { details.withLock(\.lastError) }

    /// What the run read and stored so far, updated after every stored batch; `nil` before the first.
    public var summary: IngestSummary? { details.withLock(\.summary) }

    func record(partitionLags: [Int32: Int64]?, rebalances: Int) {
        let total = partitionLags.flatMap { $0.isEmpty ? nil : $0.values.reduce(0, +) }
        lagValue.store(total ?? -1, ordering: .relaxed)
        rebalanceCount.store(rebalances, ordering: .relaxed)
        details.withLock { $0.partitionLags = partitionLags ?? [:] }
    }

    func recordCommit() {
        commitCount.add(1, ordering: .relaxed)
    }

    func record(_ error: KafkaClientError) {
        details.withLock { details in
            details.errors[error.kind, default: 0] += 1
            details.lastError = error
        }
    }

    func record(summary: IngestSummary) {
        details.withLock { $0.summary = summary }
    }
}

/// How a librdkafka error bears on the ingest; a bounded set, used as a metric label.
public enum KafkaClientErrorKind: String, Sendable, CaseIterable, Hashable {
    /// No broker answers: transport failures, all brokers down, timeouts, name resolution.
    case unreachable
    /// The topic or a partition does not exist.
    case unknownTopic = "unknown_topic"
    /// Credentials or rights were refused.
    case authentication
    /// Something librdkafka recovers from by itself: a leader change, a coordinator move, a rebalance.
    case transient
    /// Anything else.
    case other
}

/// One error librdkafka reported while consuming.
public struct KafkaClientError: Sendable, Hashable {
    /// Its kind.
    public var kind: KafkaClientErrorKind
    /// librdkafka's error code, e.g. -195 for a transport failure.
    public var code: Int32
    /// librdkafka's text, e.g. `127.0.0.1:9092/1: Connect to ipv4#127.0.0.1:9092 failed: Connection refused`.
    public var reason: String

    /// Creates an error record.
    public init(kind: KafkaClientErrorKind, code: Int32, reason: String) {
        self.kind = kind
        self.code = code
        self.reason = reason
    }
}
