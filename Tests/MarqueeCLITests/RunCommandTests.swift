import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct RunCommandTests {
    /// A running `marquee run` following a 3-day simulated log, with its store and port.
    private struct Running {
        let process: Process
        let store: String
        let port: Int
    }

    private struct RunDidNotStart: Error, CustomStringConvertible {
        var description: String { "marquee run did not report its port within a minute" }
    }

    private func startRun(in directory: TemporaryDirectory, _ extra: [String] = []) throws -> Running {
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "300", "--movies", "80", "--days", "3", "--seed", "5", "--out", directory.path("log.txt"),
            "--catalogue-out", directory.path("catalogue"),
        ])
        #expect(simulate.status == 0)
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let store = directory.path("s.sqlite")
        let (process, _, stderr) = try MarqueeProcess.start(
            [
                "run", "--store", store, "--catalogue", directory.path("catalogue"), "--models-dir", models, "--tick", "0.3", "--port", "0",
                "--admin-token", ServerProcess.adminToken, "--explain-rate-limit", "1000",
                "--log-level", "notice", directory.path("log.txt"),
            ] + extra)
        guard let port = ServerProcess.boundPort(of: stderr) else {
            process.terminate()
            throw RunDidNotStart()
        }
        return Running(process: process, store: store, port: port)
    }

    /// Waits until the registry has a production version and `/explain` says it serves; returns it.
    private func waitForTheFirstModel(_ running: Running) async throws -> String {
        var production: String?
        for _ in 0..<150 where production == nil {
            try await Task.sleep(for: .milliseconds(200))
            let list = try MarqueeProcess.run(["registry", "list", "--store", running.store, "--json"])
            let versions = (try? JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8))) as? [[String: Any]] ?? []
            production = versions.first { $0["stage"] as? String == "production" }?["version"] as? String
        }
        let version = try #require(production, "no production version registered")
        var served = ""
        for _ in 0..<100 where served != version {
            let (_, body) = try await ServerProcess.explain(user: 1, port: running.port)
            served = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["model_version"] as? String ?? ""
            if served != version { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(served == version)
        return version
    }

    @Test func runIngestsServesAndTrainsTheFirstModelInOneProcess() async throws {
        // Given a simulated log and catalogue, when marquee run follows it
        let directory = try TemporaryDirectory()
        let running = try startRun(in: directory)
        defer { if running.process.isRunning { running.process.terminate() } }

        // Then the first model is trained, registered and served
        _ = try await waitForTheFirstModel(running)
        let (status, body) = try await ServerProcess.get("http://127.0.0.1:\(running.port)/recommend/1")
        #expect(status == 200 && !body.isEmpty)

        // And SIGTERM stops every part cleanly
        running.process.terminate()
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 0)
    }

    @Test func runWithPrecomputeServesTheTrainedModelFromListsComputedBeforeItServes() async throws {
        // Given marquee run --precompute following a simulated log
        let directory = try TemporaryDirectory()
        let running = try startRun(in: directory, ["--precompute"])
        defer { if running.process.isRunning { running.process.terminate() } }

        // When the first trained model serves
        _ = try await waitForTheFirstModel(running)
        let before = try await eventLoopAnswers(port: running.port)
        for _ in 0..<5 {
            let (status, _) = try await ServerProcess.get("http://127.0.0.1:\(running.port)/recommend/1")
            #expect(status == 200)
        }

        // Then its answers are lookups of its computed lists, given on the event loop, from its first answer on
        let after = try await eventLoopAnswers(port: running.port)
        #expect(after - before == 5, "event-loop answers went from \(before) to \(after)")
        running.process.terminate()
        running.process.waitUntilExit()
        #expect(running.process.terminationStatus == 0)
    }

    /// `marquee_recommend_event_loop_answers_total` from the server's `/metrics`.
    private func eventLoopAnswers(port: Int) async throws -> Int {
        let (_, metrics) = try await ServerProcess.get("http://127.0.0.1:\(port)/metrics")
        let line = metrics.split(separator: "\n").first { $0.hasPrefix("marquee_recommend_event_loop_answers_total ") }
        return Int(Double(try #require(line?.split(separator: " ").last.map(String.init))) ?? -1)
    }
}
