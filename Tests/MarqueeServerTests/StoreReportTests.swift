import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeServer
import MarqueeStore
import Testing

/// The static HTML report of `marquee report`.
struct StoreReportTests {
    @Test func theReportOfASimulatedRunIsSelfContainedAndHasEverySection() async throws {
        // Given a store filled by a short simulated run
        let store = try SQLiteEventStore(path: try await SimulatedStore.path)
        // When its report is built and written
        let report = try await StoreReport.load(
            from: store, configuration: DashboardConfiguration(days: 30), now: WallTime(microseconds: 1_800_000_000_000_000))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("index.html")
        try Data(report.html.utf8).write(to: file)
        // Then the file exists, refers to nothing outside itself and has every section
        let html = try String(contentsOf: file, encoding: .utf8)
        let withoutNamespaces = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(!withoutNamespaces.contains("http://") && !withoutNamespaces.contains("https://"))
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
        for section in ["id=\"quality\"", "id=\"drift\"", "id=\"offline\"", "id=\"online\"", "id=\"service\"", "id=\"models\""] {
            #expect(html.contains(section), "\(section)")
        }
        for text in [
            "Offline metrics per version", "Δ NDCG@20 vs production", "Online metric per route", "95 % interval",
            "Experiment personalised-vs-popularity",
            "Stage changes",
        ] {
            #expect(html.contains(text), "missing \(text)")
        }
        // And each experiment and route of the run appears with its interval
        #expect(report.experiments.count == 1)
        for route in report.snapshot.online?.byRoute ?? [] { #expect(html.contains(">\(route.key)<"), "\(route.key)") }
        #expect(html.contains("<td>ab:personalised-vs-popularity:control</td>"))
    }
}
