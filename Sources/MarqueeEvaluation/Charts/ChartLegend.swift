/// A legend laid out in rows from left to right, wrapping before `right`.
struct ChartLegend {
    private var items: [(name: String, color: String, dashed: Bool, x: Double, y: Double)] = []
    /// The y below the last row.
    private(set) var bottom: Double

    init(entries: [(name: String, color: String, dashed: Bool)], left: Double, right: Double, top: Double) {
        var x = left
        var y = top + 10
        for entry in entries {
            let itemWidth = 26 + TextMetrics.width(of: entry.name, size: 12) + 18
            if x > left, x + itemWidth > right {
                x = left
                y += 18
            }
            items.append((entry.name, entry.color, entry.dashed, x, y))
            x += itemWidth
        }
        bottom = entries.isEmpty ? top : y + 8
    }

    func draw(on canvas: inout SVGBuilder) {
        for item in items {
            canvas.line(x1: item.x, y1: item.y - 4, x2: item.x + 20, y2: item.y - 4, stroke: item.color, width: 3, dashed: item.dashed)
            canvas.text(item.name, x: item.x + 26, y: item.y, size: 12, fill: "#24292f", anchor: "start")
        }
    }
}

/// Labels of vertical markers, placed in up to 4 rows above the plot so that they do not overlap: each goes into the
/// first row where it fits, else into the row that ends first. Labels that would cross the right edge are written
/// leftwards from their line.
struct MarkerLabels {
    private struct Placement {
        var marker: LineChart.Marker
        var position: Double
        var row: Int
        var leftwards: Bool
    }

    private var placements: [Placement] = []
    private let top: Double
    private static let rowHeight = 15.0
    /// The y below the last row used.
    let bottom: Double

    init(markers: [LineChart.Marker], x: LinearScale, right: Double, top: Double) {
        self.top = top
        var rowEnds = [Double](repeating: -.infinity, count: 4)
        for marker in markers.sorted(by: { $0.time < $1.time }) {
            guard let position = x(marker.time) else { continue }
            let textWidth = TextMetrics.width(of: marker.label, size: 11)
            let leftwards = position + 3 + textWidth > right
            let start = leftwards ? position - 3 - textWidth : position
            let row = rowEnds.firstIndex { $0 + 6 <= start } ?? rowEnds.indices.min { rowEnds[$0] < rowEnds[$1] } ?? 0
            rowEnds[row] = leftwards ? position : position + 3 + textWidth
            placements.append(Placement(marker: marker, position: position, row: row, leftwards: leftwards))
        }
        let rows = (placements.map(\.row).max() ?? -1) + 1
        bottom = top + Self.rowHeight * Double(rows)
    }

    func draw(on canvas: inout SVGBuilder, plotBottom: Double) {
        for placement in placements {
            let labelY = top + Self.rowHeight * Double(placement.row) + 11
            let marker = placement.marker
            canvas.line(x1: placement.position, y1: labelY - 10, x2: placement.position, y2: plotBottom, stroke: marker.color, width: 1, dashed: true)
            canvas.text(
                marker.label, x: placement.leftwards ? placement.position - 3 : placement.position + 3, y: labelY, size: 11, fill: marker.color,
                anchor: placement.leftwards ? "end" : "start")
        }
    }
}

/// Approximate text widths for layout (Helvetica-like proportions), so labels can be placed without a font engine.
enum TextMetrics {
    static func width(of text: String, size: Double) -> Double {
        var units = 0.0
        for character in text {
            switch character {
            case "i", "l", "j", "t", "f", ".", ",", ":", ";", "'", "|", "!", " ", "(", ")", "[", "]", "-": units += 0.3
            case "m", "w", "M", "W", "%", "@": units += 0.85
            default: units += character.isUppercase || character.isNumber ? 0.62 : 0.52
            }
        }
        return units * size
    }
}
