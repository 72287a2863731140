import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct PipelineCommandTests {
    @Test func pipelineRegistersVersionsAndProvenanceTracesAServedRecommendation() async throws {
        // Given a simulated store and a pipeline run
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory)
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let run = try MarqueeProcess.run(["pipeline", "run", "--store", store, "--models-dir", models, "--models", "popularity,item-knn", "--json"])
        #expect(run.status == 0, "\(run.standardError)")
        let outcome = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        let chosen = try #require(outcome["chosen"] as? String)

        // Then the registry lists both versions with provenance and stage history
        let list = try MarqueeProcess.run(["registry", "list", "--store", store, "--json"])
        let versions = try #require(try JSONSerialization.jsonObject(with: Data(list.standardOutput.utf8)) as? [[String: Any]])
        #expect(versions.compactMap { $0["version"] as? String } == ["v1-popularity", "v2-item-knn"])
        for version in versions {
            let code = try #require(version["code_version"] as? String)
            #expect(code.count == 40 && code != "unknown", "the build's git commit is baked in")
            #expect((version["stages"] as? [[String: Any]])?.isEmpty == false)
        }

        // When the chosen version serves one request and the server stops
        let (process, _, stderr) = try MarqueeProcess.start([
            "serve", "--store", store, "--model", models + "/\(chosen).mqm", "--port", "0", "--log-level", "notice",
        ])
        defer { if process.isRunning { process.terminate() } }
        let port = try #require(ServerProcess.boundPort(of: stderr))
        let (status, body) = try await ServerProcess.get("http://127.0.0.1:\(port)/recommend/3")
        #expect(status == 200)
        process.terminate()
        process.waitUntilExit()

        // Then provenance traces that answer to its model version, code and snapshot
        let provenance = try MarqueeProcess.run(["provenance", "--store", store, "--user", "3", "--json"])
        #expect(provenance.status == 0, "\(provenance.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(provenance.standardOutput.utf8)) as? [String: Any])
        #expect(object["user"] as? Int == 3 && object["route"] as? String == "production")
        #expect((object["items"] as? [String])?.joined(separator: ",") == body)
        #expect(object["model_version"] as? String == chosen)
        #expect((object["code_version"] as? String)?.count == 40 && object["time"] is String)
        let snapshot = try #require(object["snapshot"] as? [String: Any])
        for key in ["id", "hash", "from", "to", "rows"] { #expect(snapshot[key] != nil, "snapshot.\(key)") }
        let offsets = try #require(snapshot["source_offsets"] as? [String: Int])
        #expect(offsets.count == 1 && offsets.keys.first?.hasSuffix("log.txt#0") == true && (offsets.values.first ?? 0) > 0, "\(offsets)")

        // And a user never answered gets a one-line error
        expectOneLineFailure(try MarqueeProcess.run(["provenance", "--store", store, "--user", "299"]), mentioning: "no recommendation to user 299")
    }
}
