import Foundation

/// Accumulates SVG elements, escaping every text; coordinates that are not finite are drawn at 0, never as `nan`.
struct SVGBuilder {
    private var body: [String] = []
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func text(
        _ content: String, x: Double, y: Double, size: Double, weight: String = "400", fill: String = "#111", anchor: String = "middle"
    ) {
        body.append(
            "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" font-weight=\"\(weight)\" fill=\"\(fill)\" "
                + "text-anchor=\"\(anchor)\">\(content.xmlEscaped)</text>")
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, title: String, opacity: Double = 1) {
        let fade = opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : ""
        body.append(
            "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\"\(fade) rx=\"2\">"
                + "<title>\(title.xmlEscaped)</title></rect>")
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dashed: Bool = false) {
        let dash = dashed ? " stroke-dasharray=\"4 3\"" : ""
        body.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"\(dash)/>")
    }

    /// A polyline through `points`.
    mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dashed: Bool = false) {
        let dash = dashed ? " stroke-dasharray=\"6 4\"" : ""
        let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        body.append(
            "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" "
                + "stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash)/>")
    }

    /// A filled polygon, e.g. a confidence band.
    mutating func polygon(_ points: [(x: Double, y: Double)], fill: String, opacity: Double) {
        let coordinates = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        body.append("<polygon points=\"\(coordinates)\" fill=\"\(fill)\" fill-opacity=\"\(n(opacity))\" stroke=\"none\"/>")
    }

    mutating func circle(x: Double, y: Double, radius: Double, fill: String, title: String) {
        body.append(
            "<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(fill)\" stroke=\"#ffffff\" stroke-width=\"1\">"
                + "<title>\(title.xmlEscaped)</title></circle>")
    }

    /// The document: an accessible image whose `<title>` and `aria-label` are `title`.
    func finish(title: String) -> String {
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
                + "role=\"img\" aria-label=\"\(title.xmlEscaped)\" font-family=\"Helvetica, Arial, sans-serif\">",
            "<title>\(title.xmlEscaped)</title>",
            "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>",
        ]
        lines += body
        lines.append("</svg>")
        return lines.joined(separator: "\n") + "\n"
    }

    private func n(_ value: Double) -> String { String(format: "%.1f", value.isFinite ? value : 0) }
}
