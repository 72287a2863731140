import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeStore

/// `marquee online`: how the recommendations did with users, per model version, route and day.
struct OnlineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "online",
        abstract: "The online metric per model version, route and day, with availability and latency as the service saw them.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "Minutes of a recommended movie that count as watching it (the whole film when shorter).")
    var minutes = 10

    @Option(name: .long, help: "Hours after an answer in which a watch counts.")
    var windowHours = 24.0

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard minutes >= 1 else { throw CommandFailure("--minutes must be at least 1, got \(minutes)") }
        guard windowHours > 0, windowHours.isFinite else { throw CommandFailure("--window-hours must be positive, got \(windowHours)") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let configuration = OnlineEvaluationConfiguration(windowSeconds: windowHours * 3600, minimumMinutes: minutes)
        // Brings the rollup up to date when it is kept under these settings (or none is kept yet), so that the report
        // reads rows of the folded days and the log since then only.
        try await OnlineRollup(store: store, configuration: configuration).fold(replacingOtherSettings: false)
        let report = try await OnlineReportLoader(store: store, configuration: configuration).report()
        var service = ServiceLogSummary()
        for row in try await store.recommendationOutcomes(bucketSeconds: 86_400, since: nil) {
            service.recordRequests(row.count, succeeded: row.succeeded, responseTimeMilliseconds: row.latencyMilliseconds)
        }
        if json {
            print(
                try JSONText.encode(
                    OnlineJSON(
                        report: report, availability: service.availability, requests: service.requests,
                        latencyMilliseconds: ["p50": service.latencyQuantile(0.5), "p99": service.latencyQuantile(0.99)])))
            return
        }
        func line(_ group: OnlineMetricGroup) -> String {
            var text = String(
                format: "followed %.1f %% [%.1f, %.1f] of %d answers", group.followed.rate * 100, group.followed.interval.lower * 100,
                group.followed.interval.upper * 100, group.followed.trials)
            if let rating = group.meanRating { text += String(format: ", mean rating %.2f", rating) }
            if let cost = group.costPerWatchedMinute { text += String(format: ", licence cost %.4f per watched minute", cost) }
            return text
        }
        var lines = [report.definition, ""]
        lines.append(
            "availability \(service.availability.map { String(format: "%.2f %%", $0 * 100) } ?? "n/a") of \(service.requests) requests in the log; latency p50 \(service.latencyQuantile(0.5).map { "\($0) ms" } ?? "n/a"), p99 \(service.latencyQuantile(0.99).map { "\($0) ms" } ?? "n/a")"
        )
        lines.append("overall: " + line(report.overall) + " (\(report.pendingAnswers) answers still inside their window)")
        for group in report.byModelVersion { lines.append("version \(group.key): " + line(group)) }
        for group in report.byRoute { lines.append("route \(group.key): " + line(group)) }
        for group in report.byPeriod { lines.append("day \(group.key.prefix(10)): " + line(group)) }
        print(lines.joined(separator: "\n"))
    }
}

/// `marquee online --json`.
struct OnlineJSON: Encodable {
    var report: OnlineEvaluationReport
    var availability: Double?
    var requests: Int
    var latencyMilliseconds: [String: Int?]

    enum CodingKeys: String, CodingKey {
        case report, availability, requests
        case latencyMilliseconds = "latency_ms"
    }
}
