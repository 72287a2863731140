import Foundation
import MarqueeTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The shipped Prometheus configuration and alerts, checked by promtool and run by a real Prometheus scraping a real
/// Marquee server. In CI (`MARQUEE_REQUIRE_DATA=1`) missing tools fail the tests; elsewhere they are skipped.
@Suite(.dedicatedThreads, .serialized)
struct PrometheusTests {
    private static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/prometheus")

    /// The path of Debian's `name` binary, or `nil` (recording an issue in CI) when it is not installed.
    private static func tool(_ name: String) -> String? {
        if let path = ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) {
            return path
        }
        if ProcessInfo.processInfo.environment["MARQUEE_REQUIRE_DATA"] == "1" {
            Issue.record("\(name) is not installed: run scripts/test.sh, which installs Debian's prometheus package")
        }
        return nil
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) { try ToolRun.output(of: tool, arguments) }

    @Test func shippedConfigAndAlertsPassPromtoolAndItsUnitTests() throws {
        guard let promtool = Self.tool("promtool") else { return }
        for arguments in [
            ["check", "config", Self.deploy.appendingPathComponent("prometheus.yml").path],
            ["check", "rules", Self.deploy.appendingPathComponent("alerts.yml").path],
            ["test", "rules", Self.deploy.appendingPathComponent("alerts_test.yml").path],
        ] {
            let (status, text) = try Self.run(promtool, arguments)
            #expect(status == 0, "promtool \(arguments.joined(separator: " ")): \(text)")
        }
    }

    @Test func aRealPrometheusScrapesMarqueeAndFiresMarqueeDownWhenItStops() async throws {
        guard let prometheus = Self.tool("prometheus") else { return }
        // Given a Marquee server with a little history, answering a few requests
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory, users: 200, movies: 60, days: 1)
        let (server, _, stderr) = try MarqueeProcess.start([
            "serve", "--store", store, "--port", "0", "--registry-poll", "0", "--log-level", "notice",
        ])
        defer { if server.isRunning { server.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))
        for user in 0..<5 { _ = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/\(user)") }

        // And a real Prometheus scraping it every second
        let monitor = try PrometheusServer.start(prometheus, scraping: port, alerts: Self.deploy.appendingPathComponent("alerts.yml"), in: directory)
        defer { monitor.stop() }

        // Then the key series reach Prometheus
        #expect(try await monitor.waitForSeries(#"up{job="marquee"} == 1"#), "Prometheus never scraped Marquee")
        for query in [
            #"marquee_http_requests_total{route="recommend",status="200"} > 0"#, "marquee_recommend_duration_seconds_bucket",
            "marquee_model_info", "marquee_model_loaded_timestamp_seconds", "marquee_stored_events > 0", "process_resident_memory_bytes",
        ] {
            #expect(try await !monitor.series(query).isEmpty, "no series for \(query)")
        }

        // When Marquee stops, MarqueeDown fires
        server.terminate()
        server.waitUntilExit()
        #expect(try await monitor.waitForFiring("MarqueeDown"), "MarqueeDown did not fire after the server stopped")
    }

    @Test func aRealPrometheusSeesTheOutageScenarioInTheLogAndFiresLoggedAvailabilityLow() async throws {
        guard let prometheus = Self.tool("prometheus") else { return }
        // Given a day of the service's log where every recommendation request fell in an outage
        let directory = try TemporaryDirectory()
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "200", "--movies", "60", "--days", "1", "--seed", "9", "--scenario", "outage@0:24", "--recommender", "127.0.0.1:9",
            "--out", directory.path("log.txt"), "--catalogue-out", directory.path("catalogue"),
        ])
        #expect(simulate.status == 0, "\(simulate.standardError)")
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)

        // When `marquee run` follows that log, with a real Prometheus scraping it
        let (server, _, stderr) = try MarqueeProcess.start([
            "run", "--store", directory.path("s.sqlite"), "--catalogue", directory.path("catalogue"), "--models-dir", models, "--port", "0",
            "--tick", "1", "--monitor-every", "1", "--log-level", "notice", directory.path("log.txt"),
        ])
        defer { if server.isRunning { server.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))
        let monitor = try PrometheusServer.start(prometheus, scraping: port, alerts: Self.deploy.appendingPathComponent("alerts.yml"), in: directory)
        defer { monitor.stop() }

        // Then the ingest, data-quality and availability series reach Prometheus, and the availability alert fires
        for query in [
            "marquee_ingest_lines_read_total > 0", "marquee_ingest_events_stored_total > 0", "marquee_ingest_lag_bytes == 0",
            #"marquee_ingest_lines_quarantined_total{reason="truncated"}"#, "marquee_ingest_last_batch_timestamp_seconds > 0",
            #"marquee_data_expectation_failed{metric="lines.quarantined_share"} == 0"#, "marquee_log_availability_ratio < 0.99",
        ] {
            #expect(try await monitor.waitForSeries(query, seconds: 60), "no series for \(query)")
        }
        #expect(try await monitor.waitForFiring("MarqueeLoggedAvailabilityLow", seconds: 60), "MarqueeLoggedAvailabilityLow did not fire")
        #expect(try await !monitor.waitForFiring("MarqueeDataValidationFailing", seconds: 2), "the healthy log's data failed validation")
    }
}
