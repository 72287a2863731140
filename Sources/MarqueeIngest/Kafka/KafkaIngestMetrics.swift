import Synchronization

/// Live figures of a Kafka ingest run, readable from any thread while it runs (e.g. by a metrics exporter).
public final class KafkaIngestMetrics: Sendable {
    private let lagValue = Atomic<Int64>(-1)
    private let rebalanceCount = Atomic<Int>(0)
    private let commitCount = Atomic<Int>(0)

    /// Creates metrics with no lag known yet.
    public init() {}

    /// Consumer lag: messages between this member's positions and the ends of its assigned partitions, as of the
    /// last fetch; `nil` before the group assigned partitions and positions are known.
    public var lag: Int64? {
        let value = lagValue.load(ordering: .relaxed)
        return value >= 0 ? value : nil
    }

    /// Rebalances (assignments and revocations) this member took part in.
    public var rebalances: Int { rebalanceCount.load(ordering: .relaxed) }

    /// Offset commits sent, each after a stored batch (commits are asynchronous; one refused during a rebalance
    /// only makes the partitions' next reader read those messages again).
    public var commits: Int { commitCount.load(ordering: .relaxed) }

    func record(lag: Int64?, rebalances: Int) {
        lagValue.store(lag ?? -1, ordering: .relaxed)
        rebalanceCount.store(rebalances, ordering: .relaxed)
    }

    func recordCommit() {
        commitCount.add(1, ordering: .relaxed)
    }
}
