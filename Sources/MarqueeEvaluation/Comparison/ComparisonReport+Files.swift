import Foundation

extension ComparisonReport {
    /// The files ``write(to:)`` creates in a report directory.
    public static let fileNames = (markdown: "report.md", json: "report.json", chart: "chart.svg")

    /// Writes `report.md`, `report.json` and `chart.svg` into `directory`, creating it if needed.
    /// - Returns: the paths written.
    /// - Throws: ``EvaluationError`` `.io` when the directory cannot be created or a file cannot be written.
    @discardableResult
    public func write(to directory: String) throws(EvaluationError) -> [String] {
        let url = URL(fileURLWithPath: directory)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw EvaluationError(.io, "cannot create the report directory \(directory): check the path and permissions", cause: error)
        }
        let files: [(String, Data)] = [
            (Self.fileNames.markdown, Data(markdown.utf8)), (Self.fileNames.json, try jsonData(pretty: true)),
            (Self.fileNames.chart, Data(chartSVG.utf8)),
        ]
        var written: [String] = []
        for (name, data) in files {
            let path = url.appendingPathComponent(name).path
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw EvaluationError(.io, "cannot write \(path): check free space and permissions", cause: error)
            }
            written.append(path)
        }
        return written
    }
}
