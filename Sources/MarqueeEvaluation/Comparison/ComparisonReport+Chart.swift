import Foundation

extension ComparisonReport {
    /// A hand-written SVG chart: grouped bars of NDCG@20 and precision@10 per model, and a panel of training seconds.
    public var chartSVG: String {
        let width = 960.0
        let height = 440.0
        let top = 70.0
        let bottom = height - 70
        var svg = SVGBuilder(width: width, height: height)
        svg.text(
            "Model comparison: \(split.kind) split, \(split.testUsers) test users", x: 24, y: 32, size: 18, weight: "600", anchor: "start")
        // Accuracy panel.
        let left = 70.0
        let right = 600.0
        let maximum = Self.niceCeiling(models.map { max($0.metrics.ndcg20, $0.metrics.precision10) }.max() ?? 0)
        svg.text("Accuracy (higher is better)", x: left, y: top - 16, size: 13, weight: "600", anchor: "start")
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = bottom - (bottom - top) * Double(step) / 4
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: step == 0 ? "#555" : "#e3e3e3")
            svg.text(String(format: "%.2f", value), x: left - 8, y: y + 4, size: 11, fill: "#555", anchor: "end")
        }
        let series: [(label: String, color: String, value: (Model) -> Double)] = [
            ("NDCG@20", "#3b6ea8", { $0.metrics.ndcg20 }), ("precision@10", "#e08a2e", { $0.metrics.precision10 }),
        ]
        let slot = (right - left) / Double(max(1, models.count))
        let barWidth = min(48, slot * 0.8 / Double(series.count))
        for (index, model) in models.enumerated() {
            let center = left + slot * (Double(index) + 0.5)
            for (seriesIndex, entry) in series.enumerated() {
                let value = entry.value(model)
                let barHeight = maximum > 0 ? (bottom - top) * value / maximum : 0
                let x = center - barWidth * Double(series.count) / 2 + barWidth * Double(seriesIndex)
                svg.rect(x: x + 2, y: bottom - barHeight, width: barWidth - 4, height: barHeight, fill: entry.color, title: "\(model.name) \(entry.label) \(value)")
                svg.text(String(format: "%.3f", value), x: x + barWidth / 2, y: bottom - barHeight - 5, size: 10, fill: "#333")
            }
            svg.text(model.name, x: center, y: bottom + 20, size: 12, weight: "600")
        }
        for (seriesIndex, entry) in series.enumerated() {
            let x = left + Double(seriesIndex) * 140
            svg.rect(x: x, y: bottom + 38, width: 12, height: 12, fill: entry.color, title: entry.label)
            svg.text(entry.label, x: x + 18, y: bottom + 48, size: 12, anchor: "start")
        }
        // Training-time panel: horizontal bars.
        let panelLeft = 720.0
        let panelRight = width - 60
        let longest = Self.niceCeiling(models.map(\.trainSeconds).max() ?? 0)
        svg.text("Training time (seconds, lower is better)", x: 640, y: top - 16, size: 13, weight: "600", anchor: "start")
        let rowHeight = min(40, (bottom - top) / Double(max(1, models.count)))
        for (index, model) in models.enumerated() {
            let y = top + rowHeight * Double(index)
            let barLength = longest > 0 ? (panelRight - panelLeft) * model.trainSeconds / longest : 0
            svg.text(model.name, x: panelLeft - 8, y: y + rowHeight / 2 + 4, size: 12, weight: "600", anchor: "end")
            svg.rect(x: panelLeft, y: y + 6, width: max(1, barLength), height: rowHeight - 12, fill: "#6a9f58", title: "\(model.name) \(model.trainSeconds) s")
            svg.text(String(format: "%.2f s", model.trainSeconds), x: panelLeft + barLength + 6, y: y + rowHeight / 2 + 4, size: 10, fill: "#333", anchor: "start")
        }
        svg.line(x1: panelLeft, y1: top, x2: panelLeft, y2: top + rowHeight * Double(models.count), stroke: "#555")
        return svg.finish(title: "Model comparison: \(split.kind) split, \(split.testUsers) test users")
    }

    /// The smallest of 1, 2, 2.5, 5 × 10^n at or above `value` (1 for 0), for a readable axis.
    public static func niceCeiling(_ value: Double) -> Double {
        guard value > 0, value.isFinite else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 2.5, 5, 10] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }
}
