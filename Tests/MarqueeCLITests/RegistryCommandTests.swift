import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct RegistryCommandTests {
    @Test func aDerivedExploringVersionPromotedInTheRegistryReachesARunningReplica() async throws {
        // Given a simulated store, a pipeline's version, and a replica following the registry
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory, movies: 200)
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let run = try MarqueeProcess.run(["pipeline", "run", "--store", store, "--models-dir", models, "--models", "item-knn", "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let (process, _, stderr) = try MarqueeProcess.start([
            "serve", "--store", store, "--port", "0", "--registry-poll", "0.2", "--log-level", "notice", "--admin-token", ServerProcess.adminToken,
            "--explain-rate-limit", "1000",
        ])
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))

        // When an operator promotes the pipeline's candidate, then derives an exploring version of it and promotes that
        #expect(
            try MarqueeProcess.run(["registry", "promote", "v1-item-knn", "--store", store]).standardOutput.contains("v1-item-knn is production"))
        let derive = try MarqueeProcess.run(["registry", "derive", "v1-item-knn", "--store", store, "--exploration-share", "0.25"])
        #expect(derive.status == 0 && derive.standardOutput.contains("registered v1-item-knn-explore0.25"), "\(derive.standardError)")
        let promote = try MarqueeProcess.run(["registry", "promote", "v1-item-knn-explore0.25", "--store", store])
        #expect(promote.status == 0 && promote.standardOutput.contains("v1-item-knn retired"), "\(promote.standardError)")

        // Then the registry records the change, and the replica serves it, explaining its explored slots
        let list = try MarqueeProcess.run(["registry", "list", "--store", store, "--json"])
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        #expect(versions.map { "\($0["version"] ?? "")=\($0["stage"] ?? "")" } == ["v1-item-knn=retired", "v1-item-knn-explore0.25=production"])
        // with the published snake_case keys: `artifactSHA256` is written `artifact_sha256`, metric names keep their `@`
        let first = try #require(versions.first)
        #expect(
            Set(first.keys).subtracting(["seed"]) == [
                "artifact", "artifact_sha256", "code_dirty", "code_version", "hyperparameters", "kind", "marquee_version", "offline_metrics",
                "snapshot", "stage", "stages", "trigger", "version",
            ])
        #expect((first["offline_metrics"] as? [String: Double])?["ndcg@20"] != nil)
        #expect(Set(try #require((first["stages"] as? [[String: Any]])?.first).keys).isSubset(of: ["at", "event_time", "reason", "share", "stage"]))
        var explained = ""
        for _ in 0..<100 where !explained.contains("exploration: shown to learn") {
            try await Task.sleep(for: .milliseconds(100))
            explained = (try? await ServerProcess.explain(user: 3, port: port).1) ?? ""
        }
        #expect(explained.contains("v1-item-knn-explore0.25") && explained.contains("exploration: shown to learn"), "\(explained)")

        // And mistakes get one-line errors that change nothing
        expectOneLineFailure(try MarqueeProcess.run(["registry", "promote", "v9-none", "--store", store]), mentioning: "no version 'v9-none'")
        expectOneLineFailure(
            try MarqueeProcess.run(["registry", "derive", "v1-item-knn", "--store", store, "--exploration-share", "0.25", "--cost-weight", "1"]),
            mentioning: "exactly one of")
        expectOneLineFailure(
            try MarqueeProcess.run(["registry", "derive", "v1-item-knn", "--store", store, "--exploration-share", "0.25"]),
            mentioning: "registered already")
    }
}
