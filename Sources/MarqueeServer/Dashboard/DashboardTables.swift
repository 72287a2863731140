import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeQuality
import MarqueeStore

/// The tables of a ``DashboardSnapshot``: data quality, drift, model history.
extension DashboardCharts {
    var dataQuality: StatusTable {
        let quality = snapshot.dataQuality
        let statistics = quality.statistics
        let rate = quality.quarantineRate
        var rows: [[StatusTable.Cell]] = [
            ["stored events", .init(DashboardFormat.count(statistics.events.total), numeric: true), ""],
            ["duplicates skipped", .init(DashboardFormat.count(statistics.duplicates), numeric: true), ""],
            [
                "quarantined lines", .init(DashboardFormat.count(statistics.quarantine.total), numeric: true),
                .init(DashboardFormat.percent(rate, decimals: 2) + " of lines", status: Self.status(quarantineRate: rate)),
            ],
        ]
        if let validations = quality.validations {
            for row in validations {
                let status: StatusTable.Status? =
                    switch row.status {
                    case .passed: .good
                    case .failed: .bad
                    case .warning: .warning
                    case .notMeasured: nil
                    }
                rows.append([.init(row.name), .init(row.observed, numeric: true), .init("\(row.status.rawValue) (\(row.bounds))", status: status)])
            }
        } else {
            rows.append(["declarative data validation", "", "not run yet"])
        }
        return StatusTable(caption: "Data quality", columns: ["check", "value", "status"], rows: rows)
    }

    var drift: StatusTable {
        let checks = snapshot.drift?.checks ?? []
        let rows: [[StatusTable.Cell]] = checks.map { check in
            [
                .init(check.name), .init(DashboardFormat.number(check.psi), numeric: true),
                .init(DashboardFormat.number(check.threshold, decimals: 2), numeric: true),
                .init(check.chiSquare.map { Self.pValue($0.pValue) } ?? "n/a", numeric: true),
                .init("\(DashboardFormat.count(check.referenceCount)) / \(DashboardFormat.count(check.recentCount))", numeric: true),
                .init(check.drifted ? "drift" : "stable", status: check.drifted ? .bad : .good),
            ]
        }
        let caption =
            snapshot.drift.map { "Drift of watches since snapshot \($0.snapshotID) against its last 3 days" }
            ?? "Drift (no model version registered yet)"
        let empty =
            snapshot.drift == nil
            ? "no model version registered yet" : "too few watches since the newest version's snapshot to compare yet"
        return StatusTable(
            caption: caption, columns: ["check", "PSI", "threshold", "p-value (χ²)", "pairs ref / recent", "status"], rows: rows, emptyMessage: empty)
    }

    var models: StatusTable {
        let onlineByVersion =
            snapshot.online.map { report in Dictionary(report.byModelVersion.map { ($0.key, $0) }, uniquingKeysWith: { $1 }) } ?? [:]
        let rows: [[StatusTable.Cell]] = snapshot.models.reversed().map { version in
            let online = onlineByVersion[version.version]
            let stage: StatusTable.Status? =
                switch version.stage {
                case .production: .good
                case .canary: .warning
                case .rejected: .bad
                case .candidate, .retired: nil
                }
            return [
                .init(version.version), .init(version.kind), .init(version.stage.rawValue, status: stage),
                .init(DashboardFormat.wallTime(version.createdAt)),
                .init(version.trigger), .init(version.snapshotID),
                .init(String(version.codeVersion.prefix(10)) + (version.codeDirty ? " (dirty)" : "")),
                .init(version.offlineMetrics["ndcg@20"].map { DashboardFormat.number($0) } ?? "n/a", numeric: true),
                .init(version.offlineMetrics["precision@10"].map { DashboardFormat.number($0) } ?? "n/a", numeric: true),
                .init(online.map { "\(DashboardFormat.percent($0.followed.rate)) of \(DashboardFormat.count($0.answers))" } ?? "n/a", numeric: true),
            ]
        }
        return StatusTable(
            caption: "Model versions, newest first",
            columns: ["version", "kind", "stage", "created", "trigger", "snapshot", "code", "NDCG@20", "precision@10", "online follow-through"],
            rows: rows)
    }

    static func status(quarantineRate rate: Double?) -> StatusTable.Status? {
        guard let rate else { return nil }
        return rate < 0.01 ? .good : rate < 0.05 ? .warning : .bad
    }

    static func pValue(_ p: Double) -> String {
        p < 0.0001 ? "< 0.0001" : DashboardFormat.number(p, decimals: 4)
    }
}
