import Foundation

/// A time-series chart as a self-contained SVG: several series with a legend, axes with round ticks, optional
/// confidence bands, and labelled vertical markers for events (deployments, experiments). Without any finite point it
/// draws a "no data yet" state.
public struct LineChart: Sendable {
    /// One point: time in seconds since 1970 (UTC) and a value, with an optional interval around it.
    public struct Point: Sendable {
        public var time: Double
        public var value: Double
        public var lower: Double?
        public var upper: Double?

        /// Creates a point.
        public init(time: Double, value: Double, lower: Double? = nil, upper: Double? = nil) {
            self.time = time
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    /// One line: a name for the legend, its colour and its points; a value that is not finite breaks the line.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var points: [Point]
        public var dashed: Bool

        /// Creates a series.
        public init(name: String, color: String, points: [Point], dashed: Bool = false) {
            self.name = name
            self.color = color
            self.points = points
            self.dashed = dashed
        }
    }

    /// A vertical line at an event's time, with a short label above the plot.
    public struct Marker: Sendable {
        public var time: Double
        public var label: String
        public var color: String

        /// Creates a marker.
        public init(time: Double, label: String, color: String = ChartPalette.neutral) {
            self.time = time
            self.label = label
            self.color = color
        }
    }

    public var title: String
    public var series: [Series]
    public var markers: [Marker]
    public var format: ValueFormat
    /// Whether the value axis starts at 0.
    public var includeZero: Bool
    /// A value the axis must reach, e.g. 1 for a share that is mostly 100 %.
    public var reach: Double?
    /// Bounds the axis never crosses, e.g. 0...1 for shares.
    public var limits: ClosedRange<Double>?
    public var width: Double
    public var height: Double

    /// Creates a chart.
    public init(
        title: String, series: [Series], markers: [Marker] = [], format: ValueFormat = .number, includeZero: Bool = false, reach: Double? = nil,
        limits: ClosedRange<Double>? = nil, width: Double = 720, height: Double = 300
    ) {
        self.limits = limits
        self.title = title
        self.series = series
        self.markers = markers
        self.format = format
        self.includeZero = includeZero
        self.reach = reach
        self.width = width
        self.height = height
    }

    /// The chart as an SVG document.
    public var svg: String {
        var canvas = SVGBuilder(width: width, height: height)
        canvas.text(title, x: 16, y: 24, size: 15, weight: "600", anchor: "start")
        let drawn = series.map { series in
            Series(name: series.name, color: series.color, points: series.points.filter { $0.time.isFinite }, dashed: series.dashed)
        }
        let values = drawn.flatMap { $0.points.flatMap { [$0.value, $0.lower ?? .nan, $0.upper ?? .nan] } }.filter(\.isFinite)
        let times = drawn.flatMap { $0.points.filter { $0.value.isFinite }.map(\.time) }
        guard !values.isEmpty, let first = times.min(), let last = times.max() else {
            canvas.rect(x: 16, y: 40, width: width - 32, height: height - 56, fill: "#f6f8fa", title: "no data yet")
            canvas.text("no data yet", x: width / 2, y: (height + 24) / 2, size: 14, fill: ChartPalette.neutral)
            return canvas.finish(title: "\(title): no data yet")
        }
        let legend = ChartLegend(entries: drawn.map { ($0.name, $0.color, $0.dashed) }, left: 16, right: width - 16, top: 36)
        let visibleMarkers = markers.filter { $0.time.isFinite && $0.time >= first - 1 && $0.time <= last + 1 }
        let plotLeft = 64.0
        let plotRight = width - 20
        let timeAxis = TimeAxis(lower: first, upper: last, maximumTicks: max(2, Int((plotRight - plotLeft) / 60)))
        let x = LinearScale(domain: (timeAxis.lower, timeAxis.upper), range: (plotLeft, plotRight))
        let labels = MarkerLabels(markers: visibleMarkers, x: x, right: width - 4, top: legend.bottom + 4)
        let plotTop = labels.bottom + 8
        let plotBottom = height - 30
        let valueAxis = NumericAxis(covering: values + [reach ?? .nan], includeZero: includeZero).limited(to: limits)
        let y = LinearScale(domain: (valueAxis.lower, valueAxis.upper), range: (plotBottom, plotTop))

        for tick in valueAxis.ticks {
            guard let position = y(tick) else { continue }
            canvas.line(x1: plotLeft, y1: position, x2: plotRight, y2: position, stroke: tick == valueAxis.lower ? "#8c959f" : "#eaeef2")
            canvas.text(
                format.format(tick, decimals: valueAxis.decimals), x: plotLeft - 6, y: position + 4, size: 11, fill: ChartPalette.neutral,
                anchor: "end")
        }
        for tick in timeAxis.ticks {
            guard let position = x(tick.seconds) else { continue }
            canvas.line(x1: position, y1: plotBottom, x2: position, y2: plotBottom + 4, stroke: "#8c959f")
            canvas.text(tick.label, x: position, y: plotBottom + 18, size: 11, fill: ChartPalette.neutral)
        }
        legend.draw(on: &canvas)
        labels.draw(on: &canvas, plotBottom: plotBottom)
        for series in drawn {
            draw(series, on: &canvas, x: x, y: y)
        }
        return canvas.finish(title: accessibleTitle)
    }

    /// The title with what the chart shows, for screen readers.
    private var accessibleTitle: String {
        let names = series.map(\.name).joined(separator: ", ")
        return names.isEmpty ? title : "\(title): \(names)"
    }

    private func draw(_ series: Series, on canvas: inout SVGBuilder, x: LinearScale, y: LinearScale) {
        // Runs of consecutive finite points; a non-finite value breaks the line.
        var runs: [[Point]] = [[]]
        for point in series.points.sorted(by: { $0.time < $1.time }) {
            if point.value.isFinite { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        for run in runs where !run.isEmpty {
            let banded = run.filter { ($0.lower?.isFinite ?? false) && ($0.upper?.isFinite ?? false) }
            if banded.count >= 2 {
                let upper = banded.compactMap { point in x(point.time).flatMap { px in y(point.upper ?? .nan).map { (px, $0) } } }
                let lower = banded.reversed().compactMap { point in x(point.time).flatMap { px in y(point.lower ?? .nan).map { (px, $0) } } }
                canvas.polygon(upper + lower, fill: series.color, opacity: 0.12)
            }
            let pixels = run.compactMap { point in x(point.time).flatMap { px in y(point.value).map { (x: px, y: $0) } } }
            if pixels.count >= 2 { canvas.polyline(pixels, stroke: series.color, dashed: series.dashed) }
            for (point, pixel) in zip(run, pixels) where run.count <= 60 {
                canvas.circle(
                    x: pixel.x, y: pixel.y, radius: run.count == 1 ? 4 : 2.5, fill: series.color,
                    title:
                        "\(series.name) \(TimeAxis.dateTime(point.time)): \(format.format(point.value, decimals: format == .percent ? 3 : 1))"
                )
            }
        }
    }
}
