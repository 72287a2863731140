import Foundation
import MarqueeCore
import Prometheus
import Synchronization

/// The ingest's Prometheus metrics: lines read, events stored, duplicates, lines quarantined by reason, how far the
/// store's checkpoint lags behind the end of the source, and when a batch was last stored.
public final class IngestMetrics: Sendable {
    private let linesRead: Counter
    private let eventsStored: Counter
    private let duplicates: Counter
    private let quarantined: [RejectionReason: Counter]
    private let lag: Gauge
    private let lastBatch: Gauge
    /// The cumulative summary of the ingest run last reported, to count only what is new.
    private let previous = Mutex<IngestSummary?>(nil)

    /// The reasons with their own series; every one is exported from the start, at 0.
    static let reasons = RejectionReason.codecReasons + [.unknownUser, .unknownMovie]

    /// Creates the metrics on `registry` (the server's, so `/metrics` shows them).
    public init(registry: PrometheusCollectorRegistry) {
        func counter(_ name: String, _ help: String, labels: [(String, String)] = []) -> Counter {
            registry.makeMarqueeCounter(subsystem: "ingest", name: name, help: help, labels: labels)
        }
        linesRead = counter("lines_read", "Log lines read by the ingest.")
        eventsStored = counter("events_stored", "Events the ingest stored (new, not duplicates).")
        duplicates = counter("duplicates", "Events skipped because an identical one was stored.")
        var quarantined: [RejectionReason: Counter] = [:]
        for reason in Self.reasons {
            quarantined[reason] = counter(
                "lines_quarantined", "Log lines quarantined by the ingest, by reason.", labels: [("reason", reason.rawValue)])
        }
        self.quarantined = quarantined
        lag = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", subsystem: "ingest", metricName: "lag", unitName: "bytes",
                helpText: "Bytes of the source not yet stored: its size minus the store's checkpoint."))
        lastBatch = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "marquee", subsystem: "ingest", metricName: "last_batch_timestamp", unitName: "seconds",
                helpText: "When the ingest last stored a batch, in seconds since 1970."))
    }

    /// Counts what an ingest run did since its previous report; a report with fewer lines than the previous one
    /// starts a new run (after a restart).
    public func record(_ summary: IngestSummary, at seconds: Double = WallTime.now.secondsSince1970) {
        let before = previous.withLock { previous in
            defer { previous = summary }
            guard let last = previous, last.source == summary.source, last.linesRead <= summary.linesRead else {
                return IngestSummary(source: summary.source)
            }
            return last
        }
        linesRead.increment(by: Int64(summary.linesRead - before.linesRead))
        eventsStored.increment(by: Int64(summary.eventsStored - before.eventsStored))
        duplicates.increment(by: Int64(summary.duplicates - before.duplicates))
        for (reason, count) in summary.quarantinedByReason {
            let delta = count - (before.quarantinedByReason[reason] ?? 0)
            guard delta > 0 else { continue }
            (quarantined[reason] ?? quarantined[.unknownMovie])?.increment(by: Int64(delta))
        }
        if summary.batches > before.batches { lastBatch.set(seconds) }
    }

    /// Sets how many bytes of the source are not yet stored.
    public func setLag(bytes: Int64) { lag.set(Double(max(0, bytes))) }
}
