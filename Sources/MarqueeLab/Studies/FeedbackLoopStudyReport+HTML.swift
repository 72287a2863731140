import Foundation
import MarqueeCore
import MarqueeEvaluation

extension FeedbackLoopStudyReport {
    /// The study as a self-contained HTML page: one chart per measure with a line per arm, and a table per arm.
    public func html() -> String {
        let subtitle = "\(users) users, \(movies) movies, \(warmUpDays) warm-up days, \(model) retrained weekly, seed \(seed)"
        var body = "<p>Each arm is the same simulated service whose lists give a share of their slots to exploration. "
        body += "Week 0's model learnt from browsing alone; from week 1 on each model learns from what its predecessor showed, "
        body += "so a rising recommendation Gini from week 1 is the loop forming.</p>\n"
        body += chart("Recommendation Gini per weekly version (higher: fewer movies get the slots)", value: \.recommendationGini)
        body += chart("Watch Gini per week (higher: watching concentrates on fewer movies)", value: \.watchGini)
        body += chart("Genres each active user watched in the last 7 days (mean over the week)", value: { $0.meanGenres ?? .nan })
        body += chart(
            "Follow-through: share of answers followed by a watch of a recommended movie", value: { $0.followThrough ?? .nan }, format: .percent)
        for arm in arms {
            let slope = arm.loopSlopePerWeek.map { String(format: "recommendation Gini %+.4f a week from week 1", $0) } ?? "too few weeks for a trend"
            body +=
                StatusTable(
                    caption: "Exploration \(Self.percent(arm.explorationShare)): \(slope); follow-through \(Self.percent(arm.followThrough))",
                    columns: ["week", "answers", "recommendation Gini", "watch Gini", "genres in 7 days", "follow-through"],
                    rows: arm.weeks.map { week in
                        [
                            "\(week.week)", StatusTable.Cell(String(week.answers), numeric: true),
                            StatusTable.Cell(String(format: "%.3f", week.recommendationGini), numeric: true),
                            StatusTable.Cell(String(format: "%.3f", week.watchGini), numeric: true),
                            StatusTable.Cell(week.meanGenres.map { String(format: "%.2f", $0) } ?? "–", numeric: true),
                            StatusTable.Cell(week.followThrough.map(Self.percent) ?? "–", numeric: true),
                        ]
                    }
                ).html + "\n"
        }
        return HTMLDocument.page(
            title: "Feedback loops over \(weeks) simulated weeks", subtitle: subtitle, refreshSeconds: nil,
            body: [HTMLDocument.section("arms", "Weekly versions, a line per exploration share", [body])])
    }

    private func chart(_ title: String, value: (Week) -> Double, format: ValueFormat = .number) -> String {
        let series = arms.enumerated().map { index, arm in
            LineChart.Series(
                name: "exploration \(Self.percent(arm.explorationShare))", color: ChartPalette.color(at: index),
                points: arm.weeks.map { LineChart.Point(time: Double($0.start.microseconds) / 1_000_000, value: value($0)) },
                dashed: arm.explorationShare == 0)
        }
        let loopStart = arms.first?.weeks.dropFirst().first.map { Double($0.start.microseconds) / 1_000_000 }
        let markers = loopStart.map { [LineChart.Marker(time: $0, label: "first model trained on recommended watches")] } ?? []
        return LineChart(title: title, series: series, markers: markers, format: format).svg + "\n"
    }

    private static func percent(_ share: Double) -> String { String(format: "%.0f %%", share * 100) }
}
