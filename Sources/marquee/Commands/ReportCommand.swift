import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeServer

/// `marquee report`: a self-contained HTML report of a store.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report: data quality, drift, offline and online evaluation, model history, charts.")

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Directory to write index.html into (created if needed).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: "Days of service time (before the latest logged request) the charts and online metric cover.")
    var days = 30

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard days >= 1 else { throw CommandFailure("--days must be at least 1, got \(days)") }
    }

    func run() async throws {
        let report = try await StoreReport.load(
            from: try storeOptions.open(), configuration: DashboardConfiguration(days: days), now: .now)
        let directory = URL(fileURLWithPath: out)
        let file = directory.appendingPathComponent("index.html")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(report.html.utf8).write(to: file, options: .atomic)
        } catch {
            throw CommandFailure("cannot write \(file.path): \(error.localizedDescription); choose a writable --out directory")
        }
        print(file.path)
    }
}
