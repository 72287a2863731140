import MarqueeEvaluation
import MarqueeLifecycle

extension DashboardCharts {
    /// The ratio of recommended to all-watch cost per view above which the tile turns red, as `MarqueeRecommendedCostHigh`
    /// alerts (`deploy/prometheus/alerts.yml`, which gives the reasoning).
    static let recommendedCostRatioLimit = 1.5

    /// Licence cost per view per day: of every view (a user's first watch of a movie, by its day), of the recommended
    /// views overall and per model version (by the answer's day; dashed, in the version's colour).
    var licenceCost: LineChart {
        let costs = snapshot.licenceCosts
        func points(_ tallies: [String: LicenceCostPerView]) -> [LineChart.Point] {
            tallies.keys.sorted().compactMap { key in
                Self.seconds(iso8601: key).map { LineChart.Point(time: $0, value: tallies[key]?.costPerView ?? .nan) }
            }
        }
        var series = [
            LineChart.Series(name: "all views", color: ChartPalette.neutral, points: points(costs?.allByPeriod ?? [:])),
            LineChart.Series(name: "recommended", color: "#000000", points: points(costs?.recommendedByPeriod ?? [:])),
        ]
        let perVersion = snapshot.online?.byModelVersionAndPeriod ?? [:]
        for version in perVersion.keys.sorted() where costs?.recommendedByModelVersion[version]?.costPerView != nil {
            let groups = perVersion[version] ?? []
            series.append(
                LineChart.Series(
                    name: version, color: color(ofVersion: version),
                    points: groups.compactMap { group in
                        Self.seconds(iso8601: group.key).map { LineChart.Point(time: $0, value: group.licenceCostPerView ?? .nan) }
                    }, dashed: true))
        }
        return LineChart(
            title: "Licence cost per view (USD) per day: all views and recommended views, overall and per model version", series: series,
            markers: markers(kinds: [.canary, .promotion, .rollback]), includeZero: true, width: width * 2, height: 320)
    }

    /// The headline tile: the recommended cost per view over the window, against that of every view.
    static func licenceCostTile(_ snapshot: DashboardSnapshot) -> String {
        let costs = snapshot.licenceCosts
        let recommended = costs?.recommended.costPerView
        let all = costs?.all.costPerView
        let detail: String
        if let costs, let all {
            let known = DashboardFormat.percent(costs.all.knownFeeShare, decimals: 0)
            let ratio = costs.recommendedCostRatio.map { " (×\(DashboardFormat.number($0, decimals: 2)))" } ?? ""
            detail = "recommended\(ratio) vs \(dollars(all)) over all \(DashboardFormat.count(costs.all.views)) views; fee known for \(known)"
        } else {
            detail = costs.map { $0.all.views > 0 ? "no movie watched has a known licence fee" : "no views yet" } ?? "no views yet"
        }
        return HTMLDocument.tile(
            label: "Licence cost per view", value: recommended.map(dollars) ?? "n/a", detail: detail,
            status: costs?.recommendedCostRatio.map { $0 > recommendedCostRatioLimit ? .bad : .good })
    }

    /// An amount in USD with cents, e.g. `$1.25`.
    static func dollars(_ value: Double) -> String { "$" + DashboardFormat.number(value, decimals: 2) }
}
