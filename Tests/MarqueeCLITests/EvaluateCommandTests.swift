import Foundation
import MarqueeTestSupport
import Testing

/// A small simulated service's log and catalogue, ingested into a store by the `marquee` binary.
enum SimulatedStore {
    /// Simulates `days` days of `users` users and `movies` movies and ingests them into `directory/s.sqlite`.
    static func make(in directory: TemporaryDirectory, users: Int = 300, movies: Int = 80, days: Int = 3) throws -> String {
        let simulate = try MarqueeProcess.run([
            "simulate", "--users", "\(users)", "--movies", "\(movies)", "--days", "\(days)", "--seed", "7", "--out", directory.path("log.txt"),
            "--catalogue-out", directory.path("catalogue"),
        ])
        #expect(simulate.status == 0, "simulate failed: \(simulate.standardError)")
        let store = directory.path("s.sqlite")
        let ingest = try MarqueeProcess.run(["ingest", "--store", store, "--catalogue", directory.path("catalogue"), directory.path("log.txt")])
        #expect(ingest.status == 0, "ingest failed: \(ingest.standardError)")
        return store
    }
}

/// Asserts a failed run printed one actionable `Error:` line mentioning `text`, and no crash.
func expectOneLineFailure(_ output: MarqueeProcess.Output, mentioning text: String) {
    #expect(output.status != 0)
    let message = output.standardError.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(message.contains(text), "stderr was: \(message)")
    #expect(!message.contains("Fatal error") && !message.contains("Stack dump") && !message.contains(".swift:"))
    #expect(message.split(separator: "\n").filter { $0.hasPrefix("Error:") }.count == 1, "stderr was: \(message)")
}

@Suite(.dedicatedThreads, .serialized)
struct EvaluateCommandTests {
    @Test func evaluateJSONPrintsOneObjectWithTheContractKeys() throws {
        // Given a small simulated store
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory)
        // When two models are compared with --json and a report directory
        let output = try MarqueeProcess.run([
            "evaluate", "--store", store, "--models", "popularity,item-knn", "--split", "per-user", "--json",
            "--report", directory.path("report"), "--param", "item-knn.neighbours=20",
        ])
        // Then standard output is one JSON object with the contract's keys
        #expect(output.status == 0, "evaluate failed: \(output.standardError)")
        #expect(output.standardOutput.split(separator: "\n").count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["split", "models"])
        #expect((object["split"] as? [String: Any])?["kind"] as? String == "per-user")
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["popularity", "item-knn"])
        for model in models {
            #expect(Set(model.keys) == ["name", "metrics", "by_group", "train_seconds", "latency_ms", "size_bytes"])
            let metrics = try #require(model["metrics"] as? [String: Double])
            #expect(
                Set(metrics.keys) == [
                    "precision@10", "recall@10", "ndcg@10", "map@10", "hit@10", "precision@20", "recall@20", "ndcg@20", "map@20",
                    "hit@20", "coverage", "novelty", "personalisation",
                ])
            let size = try #require(model["size_bytes"] as? [String: Int])
            #expect((size["disk"] ?? 0) > 0 && (size["memory"] ?? 0) > 0)
            #expect(Set(try #require(model["latency_ms"] as? [String: Double]).keys) == ["p50", "p99"])
        }
        // And the report directory holds the three files
        for name in ["report.md", "report.json", "chart.svg"] {
            #expect(FileManager.default.fileExists(atPath: directory.path("report/\(name)")), "missing \(name)")
        }
    }

    @Test func evaluatePrintsATableOnTheGlobalSplit() throws {
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory)
        let output = try MarqueeProcess.run(["evaluate", "--store", store, "--models", "popularity"])
        #expect(output.status == 0, "evaluate failed: \(output.standardError)")
        #expect(output.standardOutput.contains("Global temporal split"))
        #expect(output.standardOutput.contains("| popularity |"))
    }

    @Test func evaluateRejectsBadInputWithOneLine() throws {
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory, users: 50, movies: 20, days: 1)
        expectOneLineFailure(try MarqueeProcess.run(["evaluate", "--store", store, "--models", "magic"]), mentioning: "magic")
        expectOneLineFailure(try MarqueeProcess.run(["evaluate", "--store", store, "--models", "als", "--split", "random"]), mentioning: "--split")
        expectOneLineFailure(
            try MarqueeProcess.run(["evaluate", "--store", store, "--models", "als", "--param", "bpr.factors=8"]), mentioning: "bpr")
        expectOneLineFailure(
            try MarqueeProcess.run(["evaluate", "--store", store, "--models", "als", "--param", "als.factors=zero"]), mentioning: "factors")
        expectOneLineFailure(
            try MarqueeProcess.run(["evaluate", "--store", directory.path("none.sqlite"), "--models", "als"]), mentioning: "no store")
    }
}
