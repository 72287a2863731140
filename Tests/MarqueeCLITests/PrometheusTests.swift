import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The shipped Prometheus configuration and alerts, checked by promtool and run by a real Prometheus scraping a real
/// Marquee server. In CI (`MARQUEE_REQUIRE_DATA=1`) missing tools fail the tests; elsewhere they are skipped.
@Suite(.serialized)
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

    private static func run(_ tool: String, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

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
        let (server, _, stderr) = try MarqueeProcess.start(["serve", "--store", store, "--port", "0", "--registry-poll", "0", "--log-level", "notice"])
        defer { if server.isRunning { server.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))
        for user in 0..<5 { _ = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/\(user)") }

        // And a real Prometheus scraping it every second with the shipped alerts (their `for` shortened to 0 s)
        let alerts = try String(contentsOf: Self.deploy.appendingPathComponent("alerts.yml"), encoding: .utf8)
            .replacingOccurrences(of: #"for: \d+m"#, with: "for: 0s", options: .regularExpression)
        try alerts.write(toFile: directory.path("alerts.yml"), atomically: true, encoding: .utf8)
        let config = """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: [\(directory.path("alerts.yml"))]
            scrape_configs:
              - job_name: marquee
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            """
        try config.write(toFile: directory.path("prometheus.yml"), atomically: true, encoding: .utf8)
        let prometheusPort = 19_090 + Int.random(in: 0..<800)
        let monitor = Process()
        monitor.executableURL = URL(fileURLWithPath: prometheus)
        monitor.arguments = [
            "--config.file=\(directory.path("prometheus.yml"))", "--web.listen-address=127.0.0.1:\(prometheusPort)",
            "--storage.tsdb.path=\(directory.path("tsdb"))", "--log.level=warn",
        ]
        monitor.standardOutput = FileHandle.nullDevice
        monitor.standardError = FileHandle.nullDevice
        try monitor.run()
        defer { if monitor.isRunning { monitor.terminate() } }
        let api = "http://127.0.0.1:\(prometheusPort)/api/v1"

        // Then the key series reach Prometheus
        func series(_ query: String) async throws -> [[String: Any]] {
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
            guard let (_, body) = try? await ServerProcess.get("\(api)/query?query=\(encoded)") else { return [] }
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            return (object?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
        }
        var up: [[String: Any]] = []
        for _ in 0..<60 where up.isEmpty {
            try await Task.sleep(for: .milliseconds(500))
            up = try await series(#"up{job="marquee"} == 1"#)
        }
        #expect(!up.isEmpty, "Prometheus never scraped Marquee")
        for query in [
            #"marquee_http_requests_total{route="recommend",status="200"} > 0"#, "marquee_recommend_duration_seconds_bucket",
            "marquee_model_info", "marquee_model_loaded_timestamp_seconds", "marquee_stored_events > 0", "process_resident_memory_bytes",
        ] {
            #expect(try await !series(query).isEmpty, "no series for \(query)")
        }

        // When Marquee stops, MarqueeDown fires
        server.terminate()
        server.waitUntilExit()
        var firing = false
        for _ in 0..<60 where !firing {
            try await Task.sleep(for: .milliseconds(500))
            guard let (_, body) = try? await ServerProcess.get("\(api)/alerts"),
                let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let alerts = (object["data"] as? [String: Any])?["alerts"] as? [[String: Any]]
            else { continue }
            firing = alerts.contains { ($0["labels"] as? [String: String])?["alertname"] == "MarqueeDown" && $0["state"] as? String == "firing" }
        }
        #expect(firing, "MarqueeDown did not fire after the server stopped")
    }
}
