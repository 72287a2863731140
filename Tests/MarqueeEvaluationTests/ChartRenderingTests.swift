import Foundation
import MarqueeEvaluation
import Testing

struct XMLEscapingTests {
    @Test func markupCharactersBecomeEntitiesAndForbiddenControlsAreReplaced() {
        #expect("<b a=\"1\">Tom & Jerry's</b>".xmlEscaped == "&lt;b a=&quot;1&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;")
        #expect("a\u{0}b\u{1B}c".xmlEscaped == "a\u{FFFD}b\u{FFFD}c")
        #expect("Amélie — 日本\n".xmlEscaped == "Amélie — 日本\n")
    }
}

struct LineChartTests {
    private static let day = 86_400.0
    private static let start = 1_793_664_000.0

    private static func chart(title: String = "Follow-through", values: [Double], markers: [LineChart.Marker] = []) -> LineChart {
        LineChart(
            title: title,
            series: [
                LineChart.Series(
                    name: "v1-popularity", color: ChartPalette.color(at: 0),
                    points: values.enumerated().map { LineChart.Point(time: start + Double($0.offset) * day, value: $0.element) })
            ], markers: markers, format: .percent)
    }

    @Test func rendersAnAccessibleSVGWithLegendAxesAndMarkers() {
        let svg = Self.chart(values: [0.5, 0.55, 0.6], markers: [LineChart.Marker(time: Self.start + Self.day, label: "canary v2-als")]).svg
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-label=\"Follow-through: v1-popularity\""))
        #expect(svg.contains("<title>Follow-through: v1-popularity</title>"))
        #expect(svg.contains(">v1-popularity</text>") && svg.contains(">canary v2-als</text>"))
        #expect(svg.contains("<polyline") && svg.contains("stroke-dasharray"))
        #expect(svg.contains("<title>v1-popularity Nov 4 00:00: 55.0 %</title>"), "each point has a tooltip with its date")
        #expect(svg.contains(">Nov 3 00:00</text>") && svg.contains(">Nov 4 00:00</text>"), "the first tick of each day names it")
        #expect(svg.contains("%</text>"), "percent tick labels")
    }

    @Test func titlesAndLabelsFromDataAreEscaped() {
        let svg = Self.chart(title: "<script>alert(1)</script>", values: [1, 2], markers: [LineChart.Marker(time: Self.start, label: "A&B \"x\"")])
            .svg
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && svg.contains("A&amp;B &quot;x&quot;"))
    }

    @Test func noDataRendersANoDataYetState() {
        let empty = LineChart(title: "Latency", series: []).svg
        #expect(empty.contains(">no data yet</text>") && empty.contains("aria-label=\"Latency: no data yet\""))
        let onlyNaN = Self.chart(values: [.nan, .nan]).svg
        #expect(onlyNaN.contains(">no data yet</text>"))
    }

    @Test func nanBreaksTheLineAndInfinitiesNeverReachTheOutput() {
        let svg = Self.chart(values: [0.2, 0.3, .nan, 0.4, 0.5, .infinity]).svg
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2, "two runs around the NaN")
        #expect(!svg.lowercased().contains("nan") && !svg.lowercased().contains("inf"))
    }

    @Test func aSinglePointIsDrawnAsADot() {
        let svg = Self.chart(values: [0.42]).svg
        #expect(!svg.contains("<polyline") && svg.contains("<circle"))
    }

    @Test func outputIsDeterministic() {
        let chart = Self.chart(values: [0.1, 0.4, 0.3], markers: [LineChart.Marker(time: Self.start, label: "promoted v2")])
        #expect(chart.svg == chart.svg)
    }

    @Test func markerLabelsAtTheSameTimeGoIntoDifferentRows() {
        let markers = ["rolled back v2-als", "canary v3-popularity"].map { LineChart.Marker(time: Self.start + Self.day, label: $0) }
        let svg = Self.chart(values: [0.1, 0.2, 0.3], markers: markers).svg
        let ys = markers.compactMap { marker -> String? in
            guard let range = svg.range(of: ">\(marker.label)</text>") else { return nil }
            let element = svg[..<range.lowerBound].components(separatedBy: "<text").last ?? ""
            return element.components(separatedBy: "y=\"").dropFirst().first?.components(separatedBy: "\"").first
        }
        #expect(ys.count == 2 && ys[0] != ys[1], "\(ys)")
    }
}

struct BarChartTests {
    @Test func drawsOneLabelledBarPerFiniteValue() {
        let svg = BarChart(
            title: "Quarantine", bars: [BarChart.Bar(label: "bad_timestamp", value: 12), BarChart.Bar(label: "unknown_movie", value: .nan)]
        ).svg
        #expect(svg.contains(">bad_timestamp</text>") && svg.contains(">12</text>"))
        #expect(!svg.contains("unknown_movie"))
    }

    @Test func noBarsRenderANoDataYetState() {
        #expect(BarChart(title: "Quarantine", bars: []).svg.contains(">no data yet</text>"))
    }
}

struct StatusTableTests {
    @Test func cellsAreEscapedAndCarryTheirStatus() {
        let html = StatusTable(
            caption: "Drift <now>", columns: ["check", "status"], rows: [["genre & mix", StatusTable.Cell("drift", status: .bad)]]
        ).html
        #expect(html.contains("<caption>Drift &lt;now&gt;</caption>"))
        #expect(html.contains("<td>genre &amp; mix</td><td class=\"bad\">drift</td>"))
    }

    @Test func noRowsShowANoDataYetRow() {
        #expect(StatusTable(caption: "Models", columns: ["a", "b"], rows: []).html.contains("colspan=\"2\">no data yet</td>"))
    }
}
