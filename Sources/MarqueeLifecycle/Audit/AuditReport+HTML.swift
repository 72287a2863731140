import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeQuality

extension AuditReport {
    /// The report as a self-contained HTML page: tables of every measure, no external resource.
    public func html(title: String = "Marquee audit") -> String {
        let subtitle = "Event time \(from ?? "–") to \(to ?? "–"); \(answers) answers measured."
        return HTMLDocument.page(
            title: title, subtitle: subtitle, refreshSeconds: nil,
            body: [fairnessSection(), exposureSection(), feedbackLoopSection(), securitySection()])
    }

    private func fairnessSection() -> String {
        var body = ""
        for dimension in fairness.users.dimensions {
            let gap =
                dimension.gapPoints.map { String(format: "gap %.1f points (%@ best, %@ worst)", $0, dimension.best ?? "", dimension.worst ?? "") }
                ?? "no gap measured"
            body += "<h3>\(dimension.dimension.rawValue.xmlEscaped): \(gap.xmlEscaped)</h3>\n"
            body +=
                BarChart(
                    title: "Follow-through by \(dimension.dimension.rawValue)",
                    bars: dimension.groups.map { BarChart.Bar(label: "\($0.key) (\($0.answers))", value: $0.followed.rate) }, format: .percent
                ).svg + "\n"
            body += Self.table(
                ["group", "answers", "follow-through", "95 % interval"],
                dimension.groups.map { group in
                    [
                        group.key, String(group.answers), Self.percent(group.followed.rate),
                        "\(Self.percent(group.followed.interval.lower)) – \(Self.percent(group.followed.interval.upper))",
                    ]
                })
        }
        let note =
            "The online metric (follow-through) per group, with 95 % intervals; the gap counts groups with at least \(fairness.users.minimumAnswers) answers."
        return HTMLDocument.section("fairness", "Fairness to users", [body], note: note)
    }

    private func exposureSection() -> String {
        let exposure = fairness.exposure
        var body =
            BarChart(
                title: "Share of recommendation slots by popularity decile",
                bars: exposure.byPopularityDecile.sorted { Self.decileOrder($0.key) < Self.decileOrder($1.key) }.map {
                    BarChart.Bar(label: $0.key, value: $0.value)
                },
                format: .percent
            ).svg + "\n"
        for (name, shares) in [
            ("popularity decile", exposure.byPopularityDecile), ("genre", exposure.byGenre), ("release era", exposure.byReleaseEra),
        ] {
            let ordered = shares.sorted { name == "popularity decile" ? Self.decileOrder($0.key) < Self.decileOrder($1.key) : $0.key < $1.key }
            body += "<h3>By \(name)</h3>\n" + Self.table([name, "share of slots"], ordered.map { [$0.key, Self.percent($0.value)] })
        }
        let note =
            "\(exposure.slots) recommendation slots; catalogue coverage \(Self.percent(exposure.coverage)); Gini coefficient of exposure \(String(format: "%.3f", exposure.gini))."
        return HTMLDocument.section("exposure", "Exposure of movies", [body], note: note)
    }

    private func feedbackLoopSection() -> String {
        var note =
            "Popularity reinforcement: \(feedbackLoops.popularityReinforcement ? "yes" : "no"); narrowing: \(feedbackLoops.narrowing ? "yes" : "no")"
        note += (feedbackLoops.diversitySlopePerDay.map { String(format: " (diversity %+.3f genres per day)", $0) } ?? "") + "."
        var body = Self.table(
            ["version", "answers", "recommendation Gini", "watch Gini"],
            feedbackLoops.versions.map {
                [$0.version, String($0.answers), String(format: "%.3f", $0.recommendationGini), String(format: "%.3f", $0.watchGini)]
            })
        body +=
            LineChart(
                title: "Genres each active user watched in the last 7 days (mean)",
                series: [
                    LineChart.Series(
                        name: "mean genres", color: ChartPalette.color(at: 0),
                        points: feedbackLoops.diversity.map { LineChart.Point(time: Double($0.start.microseconds) / 1_000_000, value: $0.meanGenres) }
                    )
                ], includeZero: true
            ).svg + "\n"
        body += Self.table(
            ["day", "active users", "genres watched in 7 days"],
            feedbackLoops.diversity.map { [$0.day, String($0.users), String(format: "%.2f", $0.meanGenres)] })
        return HTMLDocument.section("feedback-loops", "Feedback loops", [body], note: note)
    }

    private func securitySection() -> String {
        var body = Self.table(
            ["movie", "direction", "accounts", "p-value", "look-alike", "fillers"],
            security.shilling.targeted.map {
                [
                    $0.movie.slug, $0.direction.rawValue, String($0.accounts.count), String(format: "%.1e", $0.pValue),
                    String(format: "%.2f", $0.cohesion),
                    $0.fillers.map(\.slug).joined(separator: ", "),
                ]
            })
        if let defence = security.defence {
            body += "<p>Exposure of each target (share of users whose top 20 holds it, \(defence.kind.xmlEscaped)):</p>\n"
            body += Self.table(
                ["movie", "without defence", "with defence"],
                defence.exposures.map { [$0.movie, Self.percent($0.withoutDefence), Self.percent($0.withDefence)] })
        }
        return HTMLDocument.section("security", "Security", [body], note: "\(security.shilling.suspiciousAccounts.count) suspicious accounts.")
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
