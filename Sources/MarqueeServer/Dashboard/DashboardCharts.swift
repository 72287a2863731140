import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeStore

/// The charts and tables of a ``DashboardSnapshot``, shared by the live dashboard and the HTML report. Each model
/// version keeps one colour everywhere (its place in the registry).
struct DashboardCharts {
    let snapshot: DashboardSnapshot
    /// Chart width in SVG units (charts scale to their column).
    var width = 600.0

    /// Versions in the order they get colours: those that served users first (production, canary, or answers in
    /// the online metric), then the rest, each group in registry order.
    private let colorOrder: [String]

    init(_ snapshot: DashboardSnapshot) {
        self.snapshot = snapshot
        let answered = Set(snapshot.online?.byModelVersion.map(\.key) ?? [])
        let served = snapshot.models.filter { version in
            answered.contains(version.version) || version.stages.contains { $0.stage == .production || $0.stage == .canary }
        }.map(\.version)
        colorOrder = served + snapshot.models.map(\.version).filter { !served.contains($0) }
    }

    /// The colour of a model version, the same in every chart.
    func color(ofVersion version: String) -> String {
        guard let index = colorOrder.firstIndex(of: version) else { return ChartPalette.neutral }
        return ChartPalette.color(at: index)
    }

    private var bucketName: String {
        let hours = snapshot.serviceBucketSeconds / 3_600
        return hours >= 24 ? "day" : hours == 1 ? "hour" : "\(hours) h"
    }

    var availability: LineChart {
        let points = snapshot.service.map { LineChart.Point(time: $0.start.seconds, value: $0.availability ?? .nan) }
        return LineChart(
            title: "Availability: share of logged requests answered OK, per \(bucketName)",
            series: [LineChart.Series(name: "status 200 share", color: ChartPalette.good, points: points)], markers: markers(kinds: [.rollback]),
            format: .percent, reach: 1, limits: 0...1, width: width)
    }

    var traffic: LineChart {
        let points = snapshot.service.map { LineChart.Point(time: $0.start.seconds, value: Double($0.requests)) }
        return LineChart(
            title: "Traffic: logged recommendation requests per \(bucketName)",
            series: [LineChart.Series(name: "requests", color: ChartPalette.color(at: 0), points: points)], includeZero: true, width: width)
    }

    var serviceLatency: LineChart {
        func series(_ name: String, _ color: String, _ value: (LatencyPercentiles) -> Double) -> LineChart.Series {
            LineChart.Series(
                name: name, color: color,
                points: snapshot.service.map { LineChart.Point(time: $0.start.seconds, value: $0.latency.map(value) ?? .nan) })
        }
        return LineChart(
            title: "Latency as the service measured it, per \(bucketName)",
            series: [series("p50", "#56B4E9", \.p50), series("p95", "#0072B2", \.p95), series("p99", "#332288", \.p99)], format: .milliseconds,
            includeZero: true, width: width)
    }

    var serverLatency: LineChart {
        let buckets = snapshot.serverLatency
        func series(_ name: String, _ color: String, _ value: (LatencyPercentiles) -> Double) -> LineChart.Series {
            LineChart.Series(
                name: name, color: color, points: buckets.map { LineChart.Point(time: Double($0.start) / 1_000_000, value: value($0.latency)) })
        }
        let step = snapshot.serverLatencyBucketSeconds
        let unit = step >= 3_600 ? "hour" : step >= 60 ? "minute" : "\(step) s"
        return LineChart(
            title: "Server latency from telemetry (wall clock), per \(unit)",
            series: [series("p50", "#56B4E9", \.p50), series("p95", "#0072B2", \.p95), series("p99", "#332288", \.p99)], format: .milliseconds,
            includeZero: true, width: width)
    }

    /// The online metric per model version and day, with 95 % intervals and the deployment and experiment markers.
    var online: LineChart {
        let perVersion = snapshot.online?.byModelVersionAndPeriod ?? [:]
        let ordered =
            snapshot.models.map(\.version).filter { perVersion[$0] != nil }
            + perVersion.keys.sorted().filter { key in
                !snapshot.models.contains { $0.version == key }
            }
        let series = ordered.map { version in
            LineChart.Series(
                name: version, color: color(ofVersion: version),
                points: (perVersion[version] ?? []).compactMap { group in
                    Self.seconds(iso8601: group.key).map {
                        LineChart.Point(
                            time: $0, value: group.followed.rate, lower: group.followed.interval.lower, upper: group.followed.interval.upper)
                    }
                })
        }
        return LineChart(
            title: "Online metric: follow-through per model version and day (95 % intervals)", series: series,
            markers: markers(kinds: [.canary, .promotion, .rollback, .experimentStart, .experimentStop]), format: .percent, limits: 0...1,
            width: width * 2, height: 400)
    }

    var quarantine: BarChart {
        let reasons = snapshot.dataQuality.statistics.quarantine.byReason.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        return BarChart(
            title: "Quarantined log lines by reason",
            bars: reasons.map { BarChart.Bar(label: $0.key, value: Double($0.value), color: ChartPalette.warning) }, width: width)
    }

    func markers(kinds: Set<LifecycleMarker.Kind>) -> [LineChart.Marker] {
        snapshot.markers.filter { kinds.contains($0.kind) }.map { marker in
            let color: String =
                switch marker.kind {
                case .canary: ChartPalette.warning
                case .promotion, .production: ChartPalette.good
                case .rollback: ChartPalette.bad
                case .experimentStart, .experimentStop: "#6f42c1"
                }
            return LineChart.Marker(time: marker.time.seconds, label: marker.label, color: color)
        }
    }

    /// Seconds since 1970 of an ISO-8601 event time such as `2026-01-22T00:00:00`, or `nil`.
    static func seconds(iso8601 text: String) -> Double? {
        let fields = text.split { !$0.isNumber }.prefix(6).compactMap { Int($0) }
        guard fields.count >= 3,
            let time = EventTime(
                year: fields[0], month: fields[1], day: fields[2], hour: fields.count > 3 ? fields[3] : 0, minute: fields.count > 4 ? fields[4] : 0,
                second: fields.count > 5 ? fields[5] : 0)
        else { return nil }
        return time.seconds
    }
}

extension EventTime {
    /// Seconds since 1970.
    var seconds: Double { Double(microseconds) / 1_000_000 }
}
