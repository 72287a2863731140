import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct ExperimentCommandTests {
    @Test func experimentRoutesAServersUsersIntoArmsAndReportsItsStatusWithoutPeeking() async throws {
        // Given two registered versions and an experiment between them
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory)
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        #expect(try MarqueeProcess.run(["pipeline", "run", "--store", store, "--models-dir", models, "--models", "popularity,item-knn"]).status == 0)
        let start = try MarqueeProcess.run([
            "experiment", "start", "--store", store, "--name", "knn-test", "--control", "v1-popularity", "--treatment", "v2-item-knn",
        ])
        #expect(start.status == 0, "\(start.standardError)")
        expectOneLineFailure(
            try MarqueeProcess.run([
                "experiment", "start", "--store", store, "--name", "other", "--control", "v1-popularity", "--treatment", "v2-item-knn",
            ]),
            mentioning: "knn-test is running")
        expectOneLineFailure(
            try MarqueeProcess.run(["experiment", "start", "--store", store, "--name", "x", "--control", "v9-none", "--treatment", "v2-item-knn"]),
            mentioning: "knn-test is running")

        // When a server watching the registry answers users
        let (process, _, stderr) = try MarqueeProcess.start([
            "serve", "--store", store, "--port", "0", "--registry-poll", "0.2", "--log-level", "notice", "--admin-token", ServerProcess.adminToken,
            "--explain-rate-limit", "1000",
        ])
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))
        var routes: [String] = []
        for attempt in 0..<50 where !routes.contains(where: { $0.hasPrefix("ab:") }) {
            if attempt > 0 { try await Task.sleep(for: .milliseconds(200)) }
            let (_, body) = try await ServerProcess.explain(user: 1, port: port)
            let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            routes = [object?["route"] as? String ?? ""]
        }
        for user in 2..<60 {
            let (_, body) = try await ServerProcess.explain(user: user, port: port)
            routes.append((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["route"] as? String ?? "")
        }
        process.terminate()
        process.waitUntilExit()

        // Then users are split between both arms
        #expect(routes.contains("ab:knn-test:control") && routes.contains("ab:knn-test:treatment"), "\(Set(routes))")
        #expect(routes.allSatisfy { $0.hasPrefix("ab:knn-test:") })
        // And the status reports both arms, collecting until the planned size
        let status = try MarqueeProcess.run(["experiment", "status", "--store", store, "--json"])
        #expect(status.status == 0, "\(status.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.standardOutput.utf8)) as? [String: Any])
        #expect(object["running"] as? Bool == true && object["treatment"] as? String == "v2-item-knn")
        let analysis = try #require(object["analysis"] as? [String: Any])
        #expect((analysis["status"] as? [String: Any])?["state"] as? String == "collecting")
        #expect((analysis["planned_per_arm"] as? Int ?? 0) > 1_000)
        // And it stops
        #expect(try MarqueeProcess.run(["experiment", "stop", "--store", store, "--name", "knn-test"]).status == 0)
        let stopped = try MarqueeProcess.run(["experiment", "status", "--store", store, "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(stopped.standardOutput.utf8)) as? [String: Any])?["running"] as? Bool == false)
    }
}
