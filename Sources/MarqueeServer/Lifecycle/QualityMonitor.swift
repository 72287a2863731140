import Foundation
import Logging
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeQuality
import MarqueeStore
import ServiceLifecycle
import Synchronization

/// Exports what the store says about the data and the service as gauges on `/metrics`: every `interval`, the
/// availability of the last hour of logged recommendation requests (as the streaming service saw us), stored events and
/// quarantined lines by reason; every `heavyEvery` intervals, the checks that read windows of events: each drift
/// check's PSI and verdict, each data expectation's observed value and verdict on the data since the newest snapshot,
/// the online metric (follow-through) overall and per model version over the last ``onlineSpan`` of answers whose
/// attribution window is over, and over the same events the licence cost per view of everything watched and of the
/// recommended views, overall and per model version.
public struct QualityMonitor: Service {
    let store: any EventStore & RegistryStore & TelemetryStore
    let metrics: ServerMetrics
    let interval: Duration
    let heavyEvery: Int
    let expectations: ExpectationSuite
    /// The event time of logged answers the online and licence cost gauges cover: those logged in the `onlineSpan` before
    /// the latest logged request less the attribution window, whose windows are over.
    let onlineSpan: Duration
    /// The online metric's settings.
    let online: OnlineEvaluationConfiguration
    /// The event time the fairness gauges cover.
    let fairnessSpan: Duration = .seconds(86_400)
    let logger: Logger

    /// Creates a monitor.
    public init(
        store: any EventStore & RegistryStore & TelemetryStore, metrics: ServerMetrics, interval: Duration = .seconds(30), heavyEvery: Int = 10,
        expectations: ExpectationSuite = .standard, onlineSpan: Duration = .seconds(6 * 3_600), online: OnlineEvaluationConfiguration = .init(),
        logger: Logger
    ) {
        self.store = store
        self.metrics = metrics
        self.interval = interval
        self.heavyEvery = max(1, heavyEvery)
        self.expectations = expectations
        self.onlineSpan = onlineSpan
        self.online = online
        self.logger = logger
    }

    public func run() async throws {
        let ticks = Mutex(0)
        await repeatUntilShutdown(every: interval) {
            let tick = ticks.withLock { value in
                defer { value += 1 }
                return value
            }
            await update(includingWindows: tick % heavyEvery == 0)
        }
    }

    /// Refreshes the gauges once; the window checks (drift, expectations, online metric) only when `includingWindows`.
    public func update(includingWindows: Bool = true) async {
        do {
            let statistics = try await store.statistics()
            metrics.setQualityGauge(.storedEvents, value: Double(statistics.events.total))
            for reason in RejectionReason.codecReasons + [.unknownUser, .unknownMovie] {
                metrics.setQualityGauge(
                    .quarantinedLines, labels: [("reason", reason.rawValue)], value: Double(statistics.quarantine.byReason[reason.rawValue] ?? 0))
            }
            if let latest = try await store.latestRecommendationTime() {
                var summary = ServiceLogSummary()
                for request in try await store.recommendationRequests(since: latest.adding(seconds: -3_600)) {
                    summary.record(Event(time: request.time, user: request.user, kind: .recommendation(request.request)))
                }
                if let availability = summary.availability {
                    metrics.setQualityGauge(.logAvailability, value: availability)
                }
            }
            guard includingWindows else { return }
            if let drift = try await DriftMonitor(store: store).report() {
                for check in drift.checks {
                    metrics.setQualityGauge(.driftPSI, labels: [("check", check.key)], value: check.psi)
                    metrics.setQualityGauge(.driftDetected, labels: [("check", check.key)], value: check.drifted ? 1 : 0)
                }
            }
            try await updateExpectations()
            try await updateOnlineMetric()
            try await updateFairness()
        } catch {
            logger.error("Quality gauges could not be refreshed", metadata: ["error": "\(error)"])
        }
    }

    private func updateExpectations() async throws {
        let report = try await DataValidator(store: store, expectations: expectations).validateNewData()
        for result in report.results {
            let labels = [("metric", result.expectation.metric.rawValue), ("blocking", result.expectation.blocking ? "true" : "false")]
            if let observed = result.observed {
                metrics.setQualityGauge(.dataMetric, labels: [labels[0]], value: observed)
            }
            metrics.setQualityGauge(.dataExpectationFailed, labels: labels, value: result.status == .failed ? 1 : 0)
        }
    }

    /// The fairness requirements of `docs/responsible-ai.md`, over the last ``fairnessSpan`` of event time.
    private func updateFairness() async throws {
        guard let latest = try await store.latestRecommendationTime() else { return }
        let report = try await Auditor(store: store).fairness(since: latest.adding(seconds: -fairnessSpan.inSeconds))
        for dimension in report.users.dimensions where dimension.dimension != .occupation {
            if let gap = dimension.gapPoints {
                metrics.setQualityGauge(.fairnessGap, labels: [("dimension", dimension.dimension.rawValue)], value: gap)
            }
        }
        guard report.exposure.slots > 0 else { return }
        metrics.setQualityGauge(.exposureGini, value: report.exposure.gini)
        metrics.setQualityGauge(.catalogueCoverage, value: report.exposure.coverage)
    }

    private func updateOnlineMetric() async throws {
        guard let latest = try await store.latestRecommendationTime() else { return }
        // Answers of the last attribution window are still pending (their users may yet watch), so the span ends one
        // window before the latest request; a span up to the latest request would hold pending answers only.
        let start = latest.adding(seconds: -onlineSpan.inSeconds - online.windowSeconds)
        let (report, costs) = try await OnlineReportLoader(store: store, configuration: online).reportWithLicenceCosts(since: start)
        updateLicenceCosts(costs)
        guard report.overall.answers > 0 else { return }
        metrics.setQualityGauge(.onlineFollowThrough, value: report.overall.followed.rate)
        for group in report.byModelVersion where group.answers > 0 {
            metrics.setQualityGauge(.onlineFollowThroughByVersion, labels: [("version", group.key)], value: group.followed.rate)
        }
    }

    /// The licence cost per view of everything watched and of the recommended views; a cost without views is not set.
    private func updateLicenceCosts(_ costs: LicenceCostSummary) {
        if let share = costs.all.knownFeeShare { metrics.setQualityGauge(.licenceFeeKnown, value: share) }
        if let cost = costs.all.costPerView { metrics.setQualityGauge(.licenceCostPerView, value: cost) }
        metrics.setQualityGauge(.recommendedCostedViews, value: Double(costs.recommended.costedViews))
        if let cost = costs.recommended.costPerView { metrics.setQualityGauge(.recommendedLicenceCostPerView, value: cost) }
        for (version, tally) in costs.recommendedByModelVersion.sorted(by: { $0.key < $1.key }) {
            if let cost = tally.costPerView {
                metrics.setQualityGauge(.recommendedLicenceCostPerViewByVersion, labels: [("version", version)], value: cost)
            }
        }
    }
}
