/// A horizontal bar chart as a self-contained SVG: one labelled bar per category, its value written beside it.
/// Without any finite value it draws a "no data yet" state.
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var color: String

        /// Creates a bar.
        public init(label: String, value: Double, color: String = ChartPalette.color(at: 0)) {
            self.label = label
            self.value = value
            self.color = color
        }
    }

    public var title: String
    public var bars: [Bar]
    public var format: ValueFormat
    public var width: Double

    /// Creates a chart; its height follows from the number of bars.
    public init(title: String, bars: [Bar], format: ValueFormat = .number, width: Double = 720) {
        self.title = title
        self.bars = bars
        self.format = format
        self.width = width
    }

    /// The chart as an SVG document.
    public var svg: String {
        let drawn = bars.filter { $0.value.isFinite }
        let rowHeight = 26.0
        let height = 48 + rowHeight * Double(max(2, drawn.count)) + 10
        var canvas = SVGBuilder(width: width, height: height)
        canvas.text(title, x: 16, y: 24, size: 15, weight: "600", anchor: "start")
        guard !drawn.isEmpty else {
            canvas.rect(x: 16, y: 40, width: width - 32, height: height - 50, fill: "#f6f8fa", title: "no data yet")
            canvas.text("no data yet", x: width / 2, y: 40 + (height - 50) / 2 + 5, size: 14, fill: ChartPalette.neutral)
            return canvas.finish(title: "\(title): no data yet")
        }
        let labelWidth = min(width * 0.4, (drawn.map { TextMetrics.width(of: $0.label, size: 12) }.max() ?? 0) + 24)
        let left = 16 + labelWidth
        let right = width - 90
        let axis = NumericAxis(covering: drawn.map(\.value), includeZero: true)
        let x = LinearScale(domain: (axis.lower, axis.upper), range: (left, right))
        let zero = x(0) ?? left
        for (index, bar) in drawn.enumerated() {
            let top = 44 + rowHeight * Double(index)
            let end = x(bar.value) ?? zero
            let text = format.format(bar.value, decimals: bar.value == bar.value.rounded() && format == .number ? 0 : 3)
            canvas.text(bar.label, x: left - 8, y: top + rowHeight / 2 + 4, size: 12, fill: "#24292f", anchor: "end")
            canvas.rect(
                x: min(zero, end), y: top + 4, width: max(1, abs(end - zero)), height: rowHeight - 8, fill: bar.color, title: "\(bar.label): \(text)")
            canvas.text(text, x: max(zero, end) + 6, y: top + rowHeight / 2 + 4, size: 11, fill: ChartPalette.neutral, anchor: "start")
        }
        canvas.line(x1: zero, y1: 44, x2: zero, y2: 44 + rowHeight * Double(drawn.count), stroke: "#8c959f")
        return canvas.finish(title: "\(title): " + drawn.map { "\($0.label) \(format.format($0.value, decimals: 3))" }.joined(separator: ", "))
    }
}
