import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeIngest
import MarqueeLifecycle
import MarqueeSimulator
import MarqueeStore

/// What `marquee demo` did and measured.
public struct DemoReport: Sendable {
    /// One serving day.
    public struct Day: Sendable {
        /// The scenario day.
        public var day: Int
        /// Its first instant, in event time.
        public var start: EventTime
        /// The production model version at the start of the day.
        public var modelVersion: String
        /// How that day's recommendations did, from the log.
        public var online: ServiceLogSummary
        /// What the lifecycle did at the end of the day: canary decisions, retraining, experiments.
        public var events: [String]
    }

    /// The simulated warm-up, without recommendations.
    public var warmUp: SimulationSummary
    /// The simulated days with users calling the server.
    public var serving: SimulationSummary
    /// The ingest runs of the warm-up log and the serving log.
    public var ingests: [IngestSummary]
    /// What the store holds at the end.
    public var statistics: StoreStatistics
    /// Each serving day.
    public var days: [Day]
    /// Requests the server answered.
    public var requestsAnswered: Int
    /// Availability, latency and follow-through, from the serving log as the service saw it.
    public var online: ServiceLogSummary
    /// The main online metric (watched ≥ 10 minutes of a recommended movie within 24 h) per version, route and day.
    public var onlineMetric: OnlineEvaluationReport
    /// The same metric for the simulator's oracle and its popularity prior, replayed on the last day.
    public var baselines: [String: OnlineMetricGroup]
    /// The registry at the end, with each version's stage history.
    public var versions: [ModelVersionRecord]
    /// The A/B experiment's final report, if one ran.
    public var experiment: ExperimentReport?
    /// Where the store was left.
    public var storePath: String
    /// Wall-clock seconds the demo took.
    public var elapsedSeconds: Double

    /// Share of simulated sessions with a successful answer whose user picked a movie from it (ground truth).
    public var chosenShare: Double? {
        let answered = serving.requests - serving.failedRequests
        return answered > 0 ? Double(serving.sessionsFollowingRecommendations) / Double(answered) : nil
    }

    /// The report as printed by `marquee demo`.
    public var text: String {
        var lines = [
            "simulated      \(warmUp.lines + serving.lines) log lines: \(warmUp.lines) in the warm-up, \(serving.lines) while serving",
            "events         \(statistics.events.total) stored (watch \(statistics.events.watch), rate \(statistics.events.rate), "
                + "recommendation \(statistics.events.recommendation), account \(statistics.events.account)), "
                + "\(statistics.duplicates) duplicates skipped",
            "quarantined    \(statistics.quarantine.total) lines"
                + (statistics.quarantine.byReason.isEmpty
                    ? "" : ": " + statistics.quarantine.byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            "requests       \(online.requests) logged by the service, \(requestsAnswered) answered by the server, "
                + "availability \(Self.percent(online.availability)); \(statistics.telemetry) answers in the server's telemetry",
            "latency        p50 \(Self.milliseconds(online.latencyQuantile(0.5))), p99 \(Self.milliseconds(online.latencyQuantile(0.99))) "
                + "(as the service measured it)",
            "followed       \(Self.percent(online.followThroughRate)) of answered requests were followed by watching a recommended movie "
                + "within 24 h (\(online.followed) of \(online.successes))",
            "chosen         \(Self.percent(chosenShare)) of sessions with an answer picked their movie from the list "
                + "(simulator ground truth; the rest browsed, sometimes into a recommended movie)",
            "online metric  \(Self.metric(onlineMetric.overall)) of answers led to watching ≥ 10 minutes of a recommended movie within 24 h",
        ]
        for (name, group) in baselines.sorted(by: { $0.key < $1.key }) {
            lines.append("  baseline     \(name): \(Self.metric(group)) (replayed on the last day)")
        }
        for group in onlineMetric.byModelVersion {
            lines.append("  version      \(group.key): \(Self.metric(group))")
        }
        for day in days {
            let date = String(day.start.description.prefix(10))
            let metric =
                onlineMetric.byPeriod.first { $0.key.hasPrefix(date) }.map {
                    " online metric \(Self.percent($0.followed.rate)) of \($0.followed.trials) closed windows,"
                } ?? ""
            lines.append(
                "day \(day.day)".padding(toLength: 15, withPad: " ", startingAt: 0)
                    + "\(day.modelVersion): \(day.online.requests) requests,\(metric) followed \(Self.percent(day.online.followThroughRate)), "
                    + "p99 \(Self.milliseconds(day.online.latencyQuantile(0.99)))")
            for event in day.events { lines.append("               → \(event)") }
        }
        if let experiment { lines.append(experiment.text) }
        lines.append("registry       \(versions.count) versions (marquee registry list --store \(storePath)):")
        for version in versions {
            lines.append("  \(version.version.padding(toLength: 16, withPad: " ", startingAt: 0)) \(version.stage.rawValue)")
        }
        lines.append(String(format: "took           %.1f s", elapsedSeconds))
        return lines.joined(separator: "\n")
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a" }

    static func milliseconds(_ value: Int?) -> String { value.map { "\($0) ms" } ?? "n/a" }

    static func metric(_ estimate: ProportionEstimate) -> String {
        "\(percent(estimate.rate)) [\(percent(estimate.interval.lower)), \(percent(estimate.interval.upper))] of \(estimate.trials)"
    }

    static func metric(_ group: OnlineMetricGroup) -> String { metric(group.followed) }
}
