import Foundation
import MarqueeEvaluation
import MarqueeIngest
import MarqueeSimulator
import MarqueeStore

/// What `marquee demo` did and measured.
public struct DemoReport: Sendable {
    /// One serving day.
    public struct Day: Sendable {
        /// The scenario day.
        public var day: Int
        /// The model version that served it.
        public var modelVersion: String
        /// How that day's recommendations did.
        public var online: ServiceLogSummary
    }

    /// The simulated warm-up, without recommendations.
    public var warmUp: SimulationSummary
    /// The simulated days with users calling the server.
    public var serving: SimulationSummary
    /// The ingest runs of the warm-up log and the serving log.
    public var ingests: [IngestSummary]
    /// What the store holds at the end.
    public var statistics: StoreStatistics
    /// Each serving day: the model version served that day and how it did.
    public var days: [Day]
    /// Requests the server answered.
    public var requestsAnswered: Int
    /// Availability, latency and follow-through, from the serving log as the service saw it.
    public var online: ServiceLogSummary
    /// Wall-clock seconds the demo took.
    public var elapsedSeconds: Double

    /// Share of simulated sessions with a successful answer whose user picked a movie from it (ground truth).
    public var chosenShare: Double? {
        let answered = serving.requests - serving.failedRequests
        return answered > 0 ? Double(serving.sessionsFollowingRecommendations) / Double(answered) : nil
    }

    /// The report as printed by `marquee demo`.
    public var text: String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a" }
        func milliseconds(_ value: Int?) -> String { value.map { "\($0) ms" } ?? "n/a" }
        var lines = [
            "simulated      \(warmUp.lines + serving.lines) log lines: \(warmUp.lines) in the warm-up, \(serving.lines) while serving",
            "events         \(statistics.events.total) stored (watch \(statistics.events.watch), rate \(statistics.events.rate), "
                + "recommendation \(statistics.events.recommendation), account \(statistics.events.account)), "
                + "\(statistics.duplicates) duplicates skipped",
            "quarantined    \(statistics.quarantine.total) lines"
                + (statistics.quarantine.byReason.isEmpty
                    ? "" : ": " + statistics.quarantine.byReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
            "requests       \(online.requests) logged by the service, \(requestsAnswered) answered by the server, "
                + "availability \(percent(online.availability)); \(statistics.telemetry) answers in the server's telemetry",
            "latency        p50 \(milliseconds(online.latencyQuantile(0.5))), p99 \(milliseconds(online.latencyQuantile(0.99))) "
                + "(as the service measured it)",
            "followed       \(percent(online.followThroughRate)) of answered requests were followed by watching a recommended movie "
                + "within 24 h (\(online.followed) of \(online.successes))",
            "chosen         \(percent(chosenShare)) of sessions with an answer picked their movie from the list "
                + "(simulator ground truth; the rest browsed, sometimes into a recommended movie)",
        ]
        for day in days {
            lines.append(
                "day \(day.day)".padding(toLength: 15, withPad: " ", startingAt: 0)
                    + "\(day.modelVersion): \(day.online.requests) requests, followed \(percent(day.online.followThroughRate)), "
                    + "p99 \(milliseconds(day.online.latencyQuantile(0.99)))")
        }
        lines.append(String(format: "took           %.1f s", elapsedSeconds))
        return lines.joined(separator: "\n")
    }
}
