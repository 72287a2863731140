import Foundation
import MarqueeIngest
import MarqueeServer
import Prometheus
import Testing

/// The Grafana dashboard and the alerts under `deploy/` name only metrics Marquee exports.
struct ShippedDashboardMetricsTests {
    private static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy")

    /// The metric families Marquee exports: the server's and ingest's (created up front), the quality gauges, and
    /// the Kafka ingest's (its lag series appear with the first assigned partition).
    private static func exportedFamilies() -> Set<String> {
        let metrics = ServerMetrics()
        _ = IngestMetrics(registry: metrics.registry)
        metrics.recordRequest(route: "recommend", status: 200, duration: .milliseconds(3))
        metrics.recordModelLoaded(at: 1)
        metrics.recordModelServing("v1")
        var families = Set(QualityGauge.all.map { "marquee_" + $0.name } + [KafkaConsumerMetrics.lagDescriptor.name])
        let kafka = KafkaConsumerMetrics(topic: "movielog7", source: KafkaIngestMetrics())
        let text = String(decoding: metrics.exposition() + kafka.exposition(), as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix("# TYPE ") {
            families.insert(String(line.split(separator: " ")[2]))
        }
        return families
    }

    /// Every `marquee_…` or `process_…` metric name in `text`, with histogram suffixes stripped.
    private static func metricNames(in text: String) throws -> Set<String> {
        let pattern = try Regex(#"\b(marquee|process)_[a-z_]+"#)
        return Set(
            text.matches(of: pattern).map { match in
                var name = String(text[match.range])
                for suffix in ["_bucket", "_count", "_sum"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
                return name
            })
    }

    @Test func theGrafanaDashboardIsValidAndQueriesOnlyExportedMetrics() throws {
        let data = try Data(contentsOf: Self.deploy.appendingPathComponent("grafana/marquee.json"))
        let dashboard = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let queries = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        #expect(queries.count >= 15)
        let unknown = try Self.metricNames(in: queries.joined(separator: "\n")).subtracting(Self.exportedFamilies())
        #expect(unknown.isEmpty, "the dashboard queries metrics Marquee does not export: \(unknown.sorted())")
    }

    @Test func theAlertsWatchOnlyExportedMetrics() throws {
        let rules = try String(contentsOf: Self.deploy.appendingPathComponent("prometheus/alerts.yml"), encoding: .utf8)
        let expressions = rules.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }.joined(separator: "\n")
        let unknown = try Self.metricNames(in: expressions).subtracting(Self.exportedFamilies())
        #expect(unknown.isEmpty, "the alerts watch metrics Marquee does not export: \(unknown.sorted())")
    }
}
