import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeQuality
import MarqueeStore

/// The live dashboard's HTML: headline tiles, then charts of availability, latency and the online metric with
/// deployment markers, data quality and drift, and the model history. Self-contained; reloads itself.
public enum DashboardPage {
    /// The page for `snapshot`.
    /// - Parameter refreshSeconds: how often the browser reloads it.
    public static func html(_ snapshot: DashboardSnapshot, refreshSeconds: Int = 30) -> String {
        let charts = DashboardCharts(snapshot)
        let body = [
            "<div class=\"tiles\" id=\"headline\">" + tiles(snapshot).joined() + "</div>",
            HTMLDocument.section(
                "service", "Service health",
                [HTMLDocument.grid([charts.availability.svg, charts.traffic.svg, charts.serviceLatency.svg, charts.serverLatency.svg])],
                note: "Availability and latency from the streaming service's log of recommendation requests (event time), as its users saw us; "
                    + "server latency from Marquee's telemetry (wall clock)."),
            HTMLDocument.section(
                "online", "Online evaluation", [charts.online.svg, charts.licenceCost.svg],
                note: "Share of answers after which the user watched a recommended movie (see `marquee online`); one colour per model version. "
                    + "Licence cost per view: the mean fee of every view (a user's first watch of a movie, by its day) and of the views of "
                    + "recommended movies after an answer (by the answer's day), movies without a known fee left out."),
            HTMLDocument.section(
                "quality", "Data quality and drift",
                [
                    HTMLDocument.grid([charts.dataQuality.html, charts.quarantine.svg]), charts.drift.html,
                ]),
            HTMLDocument.section("models", "Model history", [charts.models.html]),
        ]
        return HTMLDocument.page(
            title: "Marquee dashboard", subtitle: "Loaded \(DashboardFormat.wallTime(snapshot.loadedAt)); refreshes every \(refreshSeconds) s",
            refreshSeconds: refreshSeconds, body: body)
    }

    /// The headline tiles: availability in the last hour, p99 latency, the production model and its age, the online
    /// metric, drift, the licence cost per view and the quarantine rate.
    static func tiles(_ snapshot: DashboardSnapshot) -> [String] {
        var tiles: [String] = []
        let hour = snapshot.lastHour
        let availability = hour?.availability
        tiles.append(
            HTMLDocument.tile(
                label: "Availability, last hour", value: DashboardFormat.percent(availability, decimals: 2),
                detail: hour.map { "\(DashboardFormat.count($0.requests)) logged requests" } ?? "no requests logged yet",
                status: availability.map { $0 >= 0.99 ? .good : $0 >= 0.95 ? .warning : .bad }))
        let server = snapshot.serverLatency.last?.latency.p99
        let p99 = server ?? hour?.latency?.p99
        tiles.append(
            HTMLDocument.tile(
                label: "Latency p99", value: DashboardFormat.milliseconds(p99),
                detail: server != nil ? "server, latest bucket" : hour?.latency != nil ? "as the service measured it" : "no answers yet",
                status: p99.map { $0 <= 100 ? .good : $0 <= 300 ? .warning : .bad }))
        let production = snapshot.production
        tiles.append(
            HTMLDocument.tile(
                label: "Production model", value: production?.version ?? "none",
                detail: production.map {
                    "\($0.kind), trained \(DashboardFormat.age(microseconds: snapshot.loadedAt.microseconds - $0.createdAt.microseconds)) ago"
                }
                    ?? "no version registered yet",
                status: production == nil ? .warning : .good))
        let overall = snapshot.online?.overall
        tiles.append(
            HTMLDocument.tile(
                label: "Online follow-through", value: overall.flatMap { $0.answers > 0 ? DashboardFormat.percent($0.followed.rate) : nil } ?? "n/a",
                detail: overall.flatMap { group in
                    group.answers > 0
                        ? "[\(DashboardFormat.percent(group.followed.interval.lower)), \(DashboardFormat.percent(group.followed.interval.upper))] of \(DashboardFormat.count(group.answers)) answers"
                        : nil
                } ?? "no completed answers yet", status: nil))
        let drift = snapshot.drift
        let drifted = drift?.checks.filter(\.drifted).map(\.name) ?? []
        tiles.append(
            HTMLDocument.tile(
                label: "Drift", value: drift == nil || drift?.checks.isEmpty == true ? "n/a" : drifted.isEmpty ? "stable" : "drift",
                detail: drift.map { report in
                    report.checks.isEmpty
                        ? "too few watches to compare yet"
                        : drifted.isEmpty ? "max PSI \(DashboardFormat.number(report.checks.map(\.psi).max() ?? 0))" : drifted.joined(separator: ", ")
                } ?? "no model version yet",
                status: drift == nil || drift?.checks.isEmpty == true ? nil : drifted.isEmpty ? .good : .bad))
        tiles.append(DashboardCharts.licenceCostTile(snapshot))
        let quality = snapshot.dataQuality
        tiles.append(
            HTMLDocument.tile(
                label: "Quarantine rate", value: DashboardFormat.percent(quality.quarantineRate, decimals: 2),
                detail:
                    "\(DashboardFormat.count(quality.statistics.quarantine.total)) of \(DashboardFormat.count(quality.statistics.events.total)) events",
                status: DashboardCharts.status(quarantineRate: quality.quarantineRate)))
        return tiles
    }
}
