import Foundation
import Logging
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeQuality
import MarqueeStore
import ServiceLifecycle

/// Exports what the store says about the data and the service as gauges on `/metrics`, every `interval`:
/// availability of the last hour of logged recommendation requests (as the streaming service saw us), stored events,
/// quarantined lines by reason, and each drift check's PSI and verdict.
public struct QualityMonitor: Service {
    let store: any EventStore & RegistryStore
    let metrics: ServerMetrics
    let interval: Duration
    let logger: Logger

    /// Creates a monitor.
    public init(store: any EventStore & RegistryStore, metrics: ServerMetrics, interval: Duration = .seconds(30), logger: Logger) {
        self.store = store
        self.metrics = metrics
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval) { await update() }
    }

    /// Refreshes every gauge once.
    public func update() async {
        do {
            let statistics = try await store.statistics()
            metrics.setQualityGauge("stored_events", help: "Events stored from the log.", value: Double(statistics.events.total))
            for reason in RejectionReason.codecReasons + [.unknownUser, .unknownMovie] {
                metrics.setQualityGauge(
                    "quarantined_lines", help: "Log lines in the quarantine, by rejection reason.", labels: [("reason", reason.rawValue)],
                    value: Double(statistics.quarantine.byReason[reason.rawValue] ?? 0))
            }
            if let latest = try await store.latestRecommendationTime() {
                var summary = ServiceLogSummary()
                for request in try await store.recommendationRequests(since: latest.adding(seconds: -3_600)) {
                    summary.record(Event(time: request.time, user: request.user, kind: .recommendation(request.request)))
                }
                if let availability = summary.availability {
                    metrics.setQualityGauge(
                        "log_availability_ratio",
                        help: "Share of the last hour's logged recommendation requests (event time) that got status 200, as the service saw it.",
                        value: availability)
                }
            }
            if let drift = try await DriftMonitor(store: store).report() {
                for check in drift.checks {
                    let name = check.key
                    metrics.setQualityGauge(
                        "drift_psi", help: "Population stability index of the recent window against the newest model's snapshot, per drift check.",
                        labels: [("check", name)], value: check.psi)
                    metrics.setQualityGauge(
                        "drift_detected", help: "1 when the drift check reports drift (PSI above threshold and its chi-square or Kolmogorov-Smirnov test significant).",
                        labels: [("check", name)], value: check.drifted ? 1 : 0)
                }
            }
        } catch {
            logger.error("Quality gauges could not be refreshed", metadata: ["error": "\(error)"])
        }
    }
}
