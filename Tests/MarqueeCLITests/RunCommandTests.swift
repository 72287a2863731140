import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct RunCommandTests {
    @Test func runIngestsServesAndTrainsTheFirstModelInOneProcess() async throws {
        // Given a simulated log and catalogue
        let directory = try TemporaryDirectory()
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "300", "--movies", "80", "--days", "3", "--seed", "5", "--out", directory.path("log.txt"),
            "--catalogue-out", directory.path("catalogue"),
        ])
        #expect(simulate.status == 0)
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let store = directory.path("s.sqlite")

        // When marquee run follows it
        let (process, _, stderr) = try MarqueeProcess.start([
            "run", "--store", store, "--catalogue", directory.path("catalogue"), "--models-dir", models, "--tick", "0.3", "--port", "0",
            "--admin-token", ServerProcess.adminToken, "--explain-rate-limit", "1000",
            "--log-level", "notice", directory.path("log.txt"),
        ])
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))

        // Then the first model is trained, registered and served
        var production: String?
        for _ in 0..<150 where production == nil {
            try await Task.sleep(for: .milliseconds(200))
            let list = try MarqueeProcess.run(["registry", "list", "--store", store, "--json"])
            let versions = (try? JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8))) as? [[String: Any]] ?? []
            production = versions.first { $0["stage"] as? String == "production" }?["version"] as? String
        }
        let version = try #require(production, "no production version registered")
        var served = ""
        for _ in 0..<50 where served != version {
            let (_, body) = try await ServerProcess.explain(user: 1, port: port)
            served = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["model_version"] as? String ?? ""
            if served != version { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(served == version)
        let (status, body) = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/1")
        #expect(status == 200 && !body.isEmpty)

        // And SIGTERM stops every part cleanly
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
