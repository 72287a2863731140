import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeStore

/// The static HTML report of a store (`marquee report`): the dashboard's tiles and charts, plus offline evaluation
/// against production, the online metric per version and route with intervals, each experiment's statistics, and the
/// stage history. Self-contained: inline CSS and SVG, no scripts, no external resources.
public struct StoreReport: Sendable {
    /// The snapshot the report shows.
    public let snapshot: DashboardSnapshot
    /// Each experiment's statistics, oldest first.
    public let experiments: [ExperimentReport]

    /// Loads the report's data from `store`.
    /// - Parameters:
    ///   - configuration: the window and online metric settings.
    ///   - now: the wall clock, in microseconds since 1970.
    /// - Throws: `StoreError` when the store fails; `EvaluationError` for a bad configuration.
    public static func load(from store: DashboardLoader.Store, configuration: DashboardConfiguration = .init(), now: WallTime) async throws
        -> StoreReport
    {
        let snapshot = try await DashboardLoader(store: store, configuration: configuration).load(now: now)
        var experiments: [ExperimentReport] = []
        for experiment in snapshot.experiments {
            experiments.append(try await ExperimentReport.of(experiment, in: store, configuration: configuration.online))
        }
        return StoreReport(snapshot: snapshot, experiments: experiments)
    }

    /// The report as one HTML document.
    public var html: String {
        let charts = DashboardCharts(snapshot)
        let tables = ReportTables(snapshot: snapshot, experiments: experiments)
        let body = [
            "<div class=\"tiles\" id=\"headline\">" + DashboardPage.tiles(snapshot).joined() + "</div>",
            HTMLDocument.section("quality", "Data quality", [HTMLDocument.grid([charts.dataQuality.html, charts.quarantine.svg])]),
            HTMLDocument.section("drift", "Drift", [charts.drift.html]),
            HTMLDocument.section(
                "offline", "Offline evaluation", [tables.offline.html, HTMLDocument.grid([tables.offlineChart.svg])],
                note: "Metrics the pipeline recorded for each version on its own snapshot's temporal split; Δ is against the production version."),
            HTMLDocument.section(
                "online", "Online evaluation",
                [charts.online.svg, charts.licenceCost.svg, tables.onlineByVersion.html, tables.onlineByRoute.html]
                    + tables.experimentTables.map(\.html),
                note: snapshot.online?.definition),
            HTMLDocument.section(
                "service", "Service health",
                [HTMLDocument.grid([charts.availability.svg, charts.traffic.svg, charts.serviceLatency.svg, charts.serverLatency.svg])]),
            HTMLDocument.section("models", "Model history", [charts.models.html, tables.stageHistory.html]),
        ]
        return HTMLDocument.page(
            title: "Marquee report", subtitle: "Generated \(DashboardFormat.wallTime(snapshot.loadedAt)) from the store", refreshSeconds: nil,
            body: body)
    }
}
