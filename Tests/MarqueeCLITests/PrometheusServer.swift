import Foundation
import Testing

/// A real Prometheus on loopback scraping one Marquee server every second with the shipped alerts (their `for`
/// shortened to 0 s), queried through its HTTP API.
struct PrometheusServer {
    let process: Process
    let api: String

    /// Starts Prometheus over `directory`, scraping `127.0.0.1:port`.
    static func start(_ binary: String, scraping port: Int, alerts: URL, in directory: TemporaryDirectory) throws -> PrometheusServer {
        let rules = try String(contentsOf: alerts, encoding: .utf8)
            .replacingOccurrences(of: #"for: \d+[mh]"#, with: "for: 0s", options: .regularExpression)
        try rules.write(toFile: directory.path("alerts.yml"), atomically: true, encoding: .utf8)
        let config = """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: [\(directory.path("alerts.yml"))]
            scrape_configs:
              - job_name: marquee
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            """
        try config.write(toFile: directory.path("prometheus.yml"), atomically: true, encoding: .utf8)
        let listen = 19_090 + Int.random(in: 0..<800)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(directory.path("prometheus.yml"))", "--web.listen-address=127.0.0.1:\(listen)",
            "--storage.tsdb.path=\(directory.path("tsdb"))", "--log.level=warn",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return PrometheusServer(process: process, api: "http://127.0.0.1:\(listen)/api/v1")
    }

    func stop() {
        if process.isRunning { process.terminate() }
    }

    /// The result of an instant query, empty when Prometheus is not answering yet.
    func series(_ query: String) async throws -> [[String: Any]] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        guard let (_, body) = try? await ServerProcess.get("\(api)/query?query=\(encoded)") else { return [] }
        let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return (object?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
    }

    /// Polls `query` every half second for up to `seconds` until it has a result.
    func waitForSeries(_ query: String, seconds: Int = 30) async throws -> Bool {
        for _ in 0..<(seconds * 2) {
            if try await !series(query).isEmpty { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    /// Polls the alerts every half second for up to `seconds` until `name` is firing.
    func waitForFiring(_ name: String, seconds: Int = 30) async throws -> Bool {
        for _ in 0..<(seconds * 2) {
            if let (_, body) = try? await ServerProcess.get("\(api)/alerts"),
                let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                let alerts = (object["data"] as? [String: Any])?["alerts"] as? [[String: Any]],
                alerts.contains(where: { ($0["labels"] as? [String: String])?["alertname"] == name && $0["state"] as? String == "firing" })
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }
}
