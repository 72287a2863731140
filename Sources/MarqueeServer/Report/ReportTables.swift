import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeStore

/// The report's tables beyond the dashboard's: offline metrics against production, online metric per version and
/// route with intervals, experiments, stage history.
struct ReportTables {
    let snapshot: DashboardSnapshot
    let experiments: [ExperimentReport]

    private static let offlineMetrics = ["ndcg@20", "precision@10", "recall@20", "hit@20", "map@20"]

    var offline: StatusTable {
        let production = snapshot.production
        let rows: [[StatusTable.Cell]] = snapshot.models.map { version in
            var row: [StatusTable.Cell] = [.init(version.version), .init(version.kind), .init(version.stage.rawValue), .init(version.snapshotID)]
            row += Self.offlineMetrics.map {
                .init(version.offlineMetrics[$0].map { DashboardFormat.number($0, decimals: 4) } ?? "n/a", numeric: true)
            }
            if let mine = version.offlineMetrics["ndcg@20"], let theirs = production?.offlineMetrics["ndcg@20"],
                version.version != production?.version
            {
                let delta = mine - theirs
                row.append(.init(String(format: "%+.4f", delta), status: delta >= 0 ? .good : .bad, numeric: true))
            } else {
                row.append(.init(version.version == production?.version ? "production" : "n/a", numeric: true))
            }
            return row
        }
        return StatusTable(
            caption: "Offline metrics per version",
            columns: ["version", "kind", "stage", "snapshot"] + Self.offlineMetrics + ["Δ NDCG@20 vs production"],
            rows: rows)
    }

    var offlineChart: BarChart {
        let charts = DashboardCharts(snapshot)
        return BarChart(
            title: "Offline NDCG@20 per version",
            bars: snapshot.models.compactMap { version in
                version.offlineMetrics["ndcg@20"].map {
                    BarChart.Bar(label: version.version, value: $0, color: charts.color(ofVersion: version.version))
                }
            }, width: 720)
    }

    var onlineByVersion: StatusTable {
        StatusTable(
            caption: "Online metric per model version", columns: Self.onlineColumns, rows: (snapshot.online?.byModelVersion ?? []).map(Self.row))
    }

    var onlineByRoute: StatusTable {
        StatusTable(
            caption: "Online metric per route (production, canary, A/B arms)", columns: Self.onlineColumns,
            rows: (snapshot.online?.byRoute ?? []).map(Self.row))
    }

    private static let onlineColumns = ["group", "answers", "follow-through", "95 % interval", "mean rating", "licence cost per watched minute"]

    private static func row(_ group: OnlineMetricGroup) -> [StatusTable.Cell] {
        [
            .init(group.key), .init(DashboardFormat.count(group.answers), numeric: true),
            .init(DashboardFormat.percent(group.followed.rate), numeric: true),
            .init(
                "[\(DashboardFormat.percent(group.followed.interval.lower)), \(DashboardFormat.percent(group.followed.interval.upper))]",
                numeric: true),
            .init(group.meanRating.map { DashboardFormat.number($0, decimals: 2) } ?? "n/a", numeric: true),
            .init(group.costPerWatchedMinute.map { DashboardFormat.number($0, decimals: 4) } ?? "n/a", numeric: true),
        ]
    }

    var experimentTables: [StatusTable] {
        experiments.map { report in
            let experiment = report.experiment
            func arm(_ name: String, _ version: String, _ estimate: ProportionEstimate) -> [StatusTable.Cell] {
                [
                    .init(name), .init(version), .init(DashboardFormat.count(estimate.trials), numeric: true),
                    .init(DashboardFormat.percent(estimate.rate), numeric: true),
                    .init(
                        "[\(DashboardFormat.percent(estimate.interval.lower)), \(DashboardFormat.percent(estimate.interval.upper))]", numeric: true),
                ]
            }
            var rows = [
                arm("control", experiment.control, report.analysis.control), arm("treatment", experiment.treatment, report.analysis.treatment),
            ]
            if let test = report.analysis.test {
                rows.append([
                    "z-test", .init(String(format: "difference %+.1f points", test.difference * 100)),
                    .init(String(format: "z = %.2f", test.z), numeric: true),
                    .init("p = " + DashboardCharts.pValue(test.pValue), status: test.pValue < report.analysis.alpha ? .good : nil, numeric: true), "",
                ])
            }
            if let perUser = report.perUser {
                rows.append([
                    "per user (Welch)", .init(String(format: "difference %+.1f points", perUser.difference * 100)), "",
                    .init("p = " + DashboardCharts.pValue(perUser.pValue), numeric: true), "",
                ])
            }
            let state = experiment.stoppedAt == nil ? "running" : "stopped"
            return StatusTable(
                caption:
                    "Experiment \(experiment.name) (\(state), \(experiment.plannedPerArm) answers per arm planned): \(report.analysis.status.state)",
                columns: ["arm", "version", "answers", "follow-through", "95 % interval"], rows: rows)
        }
    }

    var stageHistory: StatusTable {
        let rows: [[StatusTable.Cell]] = snapshot.models.flatMap { version in
            version.stages.map { change in
                [
                    .init(version.version), .init(change.stage.rawValue), .init(DashboardFormat.wallTime(change.at)),
                    .init(change.eventTime.map { String($0.iso8601.prefix(16)) } ?? "n/a"), .init(change.reason),
                ]
            }
        }
        return StatusTable(caption: "Stage changes", columns: ["version", "stage", "at (wall clock)", "service time", "reason"], rows: rows)
    }
}
