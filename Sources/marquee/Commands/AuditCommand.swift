import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeQuality
import MarqueeStore

/// `marquee audit`: fairness, feedback loops and security, from the store's telemetry, log and interactions.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Report whom the service serves worse, which feedback loops it feeds, and which accounts attack it.",
        discussion: """
            Fairness: the online metric per gender, age band and occupation with 95 % intervals and the largest gap; exposure \
            of movies per popularity decile, genre and release era, catalogue coverage and the Gini coefficient. Feedback loops: \
            concentration of recommendations and watches per model version, and the daily genre diversity of users. \
            Security: shilling (bursts of extreme ratings from look-alike low-history accounts) and the defence's effect.
            """)

    @OptionGroup var storeOptions: StoreOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Also write audit.json and a self-contained index.html into this directory.", valueName: "directory"))
    var out: String?

    @Option(name: .long, help: "Days of answers and events audited, before the latest logged request; 0 for the whole history.")
    var days = 14

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard days >= 0 else { throw CommandFailure("--days must be 0 (the whole history) or more, got \(days)") }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        var start: EventTime?
        if days > 0, let latest = try await store.latestRecommendationTime() { start = latest.adding(seconds: -Double(days) * 86_400) }
        let report = try await Auditor(store: store).report(since: start)
        let encoded = try JSONText.encode(report)
        if let out {
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try encoded.write(toFile: out + "/audit.json", atomically: true, encoding: .utf8)
                try report.html().write(toFile: out + "/index.html", atomically: true, encoding: .utf8)
            } catch {
                throw CommandFailure("cannot write the audit into \(out): \(error.localizedDescription)")
            }
        }
        if json {
            print(encoded)
        } else {
            print(Self.summary(of: report) + (out.map { "\nwrote \($0)/audit.json and \($0)/index.html" } ?? ""))
        }
    }

    static func summary(of report: AuditReport) -> String {
        var lines = ["\(report.answers) answers from \(report.from ?? "–") to \(report.to ?? "–")"]
        for dimension in report.fairness.users.dimensions {
            let gap =
                dimension.gapPoints.map { String(format: "%.1f points between %@ and %@", $0, dimension.best ?? "", dimension.worst ?? "") }
                ?? "too few answers per group"
            lines.append("fairness \(dimension.dimension.rawValue): \(gap)")
        }
        let exposure = report.fairness.exposure
        lines.append(
            String(
                format: "exposure: coverage %.1f %% of the catalogue, Gini %.3f over %d slots", exposure.coverage * 100, exposure.gini, exposure.slots
            ))
        lines.append(
            "feedback loops: popularity reinforcement \(report.feedbackLoops.popularityReinforcement ? "yes" : "no"), narrowing \(report.feedbackLoops.narrowing ? "yes" : "no")"
        )
        lines.append("security: \(report.security.shilling.suspiciousAccounts.count) suspicious accounts")
        for target in report.security.shilling.targeted {
            lines.append("  \(target.direction == .push ? "pushing" : "pulling down") \(target.movie): \(target.accounts.count) accounts")
        }
        return lines.joined(separator: "\n")
    }
}
