import ArgumentParser
import Foundation
import MarqueeLifecycle
import MarqueeQuality

/// `marquee drift`: whether what users watch has drifted from what the newest model was trained on.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract:
            "Compare the service since the newest model's snapshot with the snapshot's last days: watches, genres, users, watch length, ratings, recommended movies (PSI with chi-square or Kolmogorov–Smirnov tests)."
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: "PSI above which a check reports drift.")
    var threshold = 0.25

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard threshold > 0, threshold.isFinite else { throw CommandFailure("--threshold must be positive, got \(threshold)") }
    }

    func run() async throws {
        guard let report = try await DriftMonitor(store: storeOptions.open(), detector: DriftDetector(threshold: threshold)).report() else {
            throw CommandFailure("no model version is registered in \(storeOptions.name): drift is measured against the newest one's snapshot")
        }
        if json {
            print(try JSONText.encodeWithDeclaredKeys(report))
            return
        }
        print(
            "reference: \(report.referenceFrom) to \(report.referenceTo) (end of snapshot \(report.snapshotID)); recent: up to \(report.recentTo ?? "no events yet")"
        )
        if report.checks.isEmpty { print("too few watches in a window to compare yet") }
        for check in report.checks {
            let values = String(
                format: "PSI %.3f (threshold %.2f), p %.2g, %d and %d observations", check.psi, check.threshold, check.pValue ?? 1,
                check.referenceCount,
                check.recentCount)
            print(check.name.padding(toLength: 44, withPad: " ", startingAt: 0) + values + (check.drifted ? "  DRIFT" : "  ok"))
        }
    }
}
