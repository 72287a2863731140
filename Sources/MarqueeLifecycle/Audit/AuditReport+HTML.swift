import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeQuality

extension AuditReport {
    /// The report as a self-contained HTML page: tables of every measure, no external resource.
    public func html(title: String = "Marquee audit") -> String {
        var body = "<h1>\(title.xmlEscaped)</h1>\n<p>Event time \((from ?? "–").xmlEscaped) to \((to ?? "–").xmlEscaped); \(answers) answers measured.</p>\n"
        body += "<h2>Fairness to users</h2>\n<p>The online metric (follow-through) per group, with 95 % intervals; the gap counts groups with at least \(fairness.users.minimumAnswers) answers.</p>\n"
        for dimension in fairness.users.dimensions {
            let gap = dimension.gapPoints.map { String(format: "gap %.1f points (%@ best, %@ worst)", $0, dimension.best ?? "", dimension.worst ?? "") } ?? "no gap measured"
            body += "<h3>\(dimension.dimension.rawValue.xmlEscaped): \(gap.xmlEscaped)</h3>\n"
            body += BarChart(
                title: "Follow-through by \(dimension.dimension.rawValue)",
                bars: dimension.groups.map { BarChart.Bar(label: "\($0.key) (\($0.answers))", value: $0.followed.rate) }, format: .percent
            ).svg + "\n"
            body += Self.table(
                ["group", "answers", "follow-through", "95 % interval"],
                dimension.groups.map { group in
                    [group.key, String(group.answers), Self.percent(group.followed.rate),
                     "\(Self.percent(group.followed.interval.lower)) – \(Self.percent(group.followed.interval.upper))"]
                })
        }
        let exposure = fairness.exposure
        body += "<h2>Exposure of movies</h2>\n<p>\(exposure.slots) recommendation slots; catalogue coverage \(Self.percent(exposure.coverage)); Gini coefficient of exposure \(String(format: "%.3f", exposure.gini)).</p>\n"
        body += BarChart(
            title: "Share of recommendation slots by popularity decile",
            bars: exposure.byPopularityDecile.sorted { Self.decileOrder($0.key) < Self.decileOrder($1.key) }.map { BarChart.Bar(label: $0.key, value: $0.value) },
            format: .percent
        ).svg + "\n"
        for (name, shares) in [("popularity decile", exposure.byPopularityDecile), ("genre", exposure.byGenre), ("release era", exposure.byReleaseEra)] {
            let ordered = shares.sorted { name == "popularity decile" ? Self.decileOrder($0.key) < Self.decileOrder($1.key) : $0.key < $1.key }
            body += "<h3>By \(name)</h3>\n" + Self.table([name, "share of slots"], ordered.map { [$0.key, Self.percent($0.value)] })
        }
        body += "<h2>Feedback loops</h2>\n<p>Popularity reinforcement: \(feedbackLoops.popularityReinforcement ? "yes" : "no"); narrowing: \(feedbackLoops.narrowing ? "yes" : "no")"
        body += feedbackLoops.diversitySlopePerDay.map { String(format: " (diversity %+.3f genres per day)", $0) } ?? ""
        body += ".</p>\n" + Self.table(
            ["version", "answers", "recommendation Gini", "watch Gini"],
            feedbackLoops.versions.map { [$0.version, String($0.answers), String(format: "%.3f", $0.recommendationGini), String(format: "%.3f", $0.watchGini)] })
        body += LineChart(
            title: "Genres each active user watched in the last 7 days (mean)",
            series: [
                LineChart.Series(
                    name: "mean genres", color: ChartPalette.color(at: 0),
                    points: feedbackLoops.diversity.map { LineChart.Point(time: Double($0.start.microseconds) / 1_000_000, value: $0.meanGenres) })
            ], includeZero: true
        ).svg + "\n"
        body += Self.table(["day", "active users", "genres watched in 7 days"], feedbackLoops.diversity.map { [$0.day, String($0.users), String(format: "%.2f", $0.meanGenres)] })
        body += "<h2>Security</h2>\n<p>\(security.shilling.suspiciousAccounts.count) suspicious accounts.</p>\n"
        body += Self.table(
            ["movie", "direction", "accounts", "p-value", "look-alike", "fillers"],
            security.shilling.targeted.map {
                [$0.movie.slug, $0.direction.rawValue, String($0.accounts.count), String(format: "%.1e", $0.pValue), String(format: "%.2f", $0.cohesion),
                 $0.fillers.map(\.slug).joined(separator: ", ")]
            })
        if let defence = security.defence {
            body += "<p>Exposure of each target (share of users whose top 20 holds it, \(defence.kind.xmlEscaped)):</p>\n"
            body += Self.table(
                ["movie", "without defence", "with defence"],
                defence.exposures.map { [$0.movie, Self.percent($0.withoutDefence), Self.percent($0.withDefence)] })
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(title.xmlEscaped)</title>
            <style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:60em;color:#222}table{border-collapse:collapse;margin:.5em 0 1.5em}\
            td,th{border-bottom:1px solid #ddd;padding:.25em .8em;text-align:left}th{background:#f4f4f4}h2{margin-top:2em}</style>
            </head><body>
            \(body)</body></html>

            """
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "<p><em>No data yet.</em></p>\n" }
        let head = "<tr>" + header.map { "<th>\($0.xmlEscaped)</th>" }.joined() + "</tr>"
        let body = rows.map { "<tr>" + $0.map { "<td>\($0.xmlEscaped)</td>" }.joined() + "</tr>" }.joined(separator: "\n")
        return "<table>\n\(head)\n\(body)\n</table>\n"
    }

    private static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }

    /// `decile 2` before `decile 10`, `never watched` last.
    private static func decileOrder(_ label: String) -> Int { Int(label.split(separator: " ").last ?? "") ?? 99 }
}
