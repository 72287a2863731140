import Prometheus
import Synchronization

/// The Kafka ingest's Prometheus metrics, copied from a running ingest's ``KafkaIngestMetrics`` at each scrape:
/// consumer lag per partition, rebalances, commits and librdkafka's errors by kind, beside the ingest's own
/// counters (events stored, duplicates, lines quarantined by reason; ``IngestMetrics``).
public final class KafkaConsumerMetrics: Sendable {
    private let source: KafkaIngestMetrics
    private let topic: String
    private let registry: PrometheusCollectorRegistry
    private let ingest: IngestMetrics
    private let rebalances: Counter
    private let commits: Counter
    private let errors: [KafkaClientErrorKind: Counter]
    /// The lag gauge of each partition exported, and what the counters were at the last refresh.
    private let exported = Mutex(Exported())

    private struct Exported {
        var lags: [Int32: Gauge] = [:]
        var rebalances = 0
        var commits = 0
        var errors: [KafkaClientErrorKind: Int] = [:]
    }

    /// `marquee_kafka_consumer_lag_messages{topic, partition}`, one series per partition this consumer holds.
    public static var lagDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "marquee", subsystem: "kafka", metricName: "consumer_lag", unitName: "messages",
            helpText: "Messages between this consumer's position and the end of each assigned partition, as of its last fetch.")
    }

    /// Creates the metrics of the ingest that updates `source`, consuming `topic`, on `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), topic: String, source: KafkaIngestMetrics) {
        self.registry = registry
        self.topic = topic
        self.source = source
        ingest = IngestMetrics(registry: registry)
        rebalances = registry.makeMarqueeCounter(
            subsystem: "kafka", name: "rebalances", help: "Consumer group rebalances (assignments and revocations) this consumer took part in.")
        commits = registry.makeMarqueeCounter(subsystem: "kafka", name: "commits", help: "Offset commits sent, each after a stored batch.")
        var errors: [KafkaClientErrorKind: Counter] = [:]
        for kind in KafkaClientErrorKind.allCases {
            errors[kind] = registry.makeMarqueeCounter(
                subsystem: "kafka", name: "errors",
                help: "Errors librdkafka reported while consuming, by kind (a broker outage counts as unreachable).",
                labels: [("kind", kind.rawValue)])
        }
        self.errors = errors
    }

    /// Brings every metric up to date with the ingest; call before rendering the registry.
    public func refresh() {
        let lags = source.partitionLags
        let (rebalanceCount, commitCount, errorCounts) = (source.rebalances, source.commits, source.errors)
        if let summary = source.summary { ingest.record(summary) }
        exported.withLock { exported in
            rebalances.increment(by: Int64(max(0, rebalanceCount - exported.rebalances)))
            commits.increment(by: Int64(max(0, commitCount - exported.commits)))
            for (kind, count) in errorCounts {
                errors[kind]?.increment(by: Int64(max(0, count - (exported.errors[kind] ?? 0))))
            }
            (exported.rebalances, exported.commits, exported.errors) = (rebalanceCount, commitCount, errorCounts)
            // A partition revoked from this consumer is no longer its to report: its series goes.
            for (partition, gauge) in exported.lags where lags[partition] == nil {
                registry.unregisterGauge(gauge)
                exported.lags[partition] = nil
            }
            for (partition, lag) in lags {
                let gauge =
                    exported.lags[partition]
                    ?? registry.makeGauge(descriptor: Self.lagDescriptor, labels: [("topic", topic), ("partition", String(partition))])
                gauge.set(Double(lag))
                exported.lags[partition] = gauge
            }
        }
    }

    /// The Prometheus text exposition of the registry, refreshed first.
    public func exposition() -> [UInt8] {
        refresh()
        return registry.emitToBuffer()
    }
}
