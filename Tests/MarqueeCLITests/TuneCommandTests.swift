import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct TuneCommandTests {
    @Test func tuneJSONListsTheTrialsAndTheChoiceScoredOnTest() throws {
        // Given a small simulated store
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory)
        // When ALS is tuned with three trials and --json
        let arguments = [
            "tune", "--store", store, "--model", "als", "--trials", "3", "--seed", "5", "--split", "per-user", "--param", "iterations=3", "--json",
        ]
        let output = try MarqueeProcess.run(arguments)
        // Then standard output is one JSON object with every trial and the choice scored on validation and test
        #expect(output.status == 0, "tune failed: \(output.standardError)")
        #expect(output.standardOutput.split(separator: "\n").count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["model", "split", "validation", "budget", "seed", "space", "stopped_by", "trials", "chosen", "base"])
        #expect(object["model"] as? String == "als" && object["stopped_by"] as? String == "trials")
        let trials = try #require(object["trials"] as? [[String: Any]])
        #expect(trials.map { $0["trial"] as? Int } == [0, 1, 2])
        for trial in trials {
            #expect(
                Set(try #require(trial["parameters"] as? [String: String]).keys) == [
                    "factors", "regularization", "alpha", "iterations", "recency_half_life",
                ])
            #expect(trial["validation_ndcg@20"] is Double && trial["seconds"] is Double)
        }
        #expect((trials.first?["parameters"] as? [String: String])?["iterations"] == "3")
        let chosen = try #require(object["chosen"] as? [String: Any])
        #expect(chosen["test_ndcg@20"] is Double && chosen["validation_ndcg@20"] is Double)
        #expect((chosen["parameters"] as? [String: String])?["seed"] == "5")
        #expect((object["validation"] as? [String: Any])?["kind"] as? String == "per-user")
        // And the same seed gives the same trials and choice
        let again = try MarqueeProcess.run(arguments)
        let other = try #require(try JSONSerialization.jsonObject(with: Data(again.standardOutput.utf8)) as? [String: Any])
        #expect(
            (other["trials"] as? [[String: Any]])?.map { $0["parameters"] as? [String: String] }
                == trials.map { $0["parameters"] as? [String: String] })
        #expect((other["chosen"] as? [String: Any])?["trial"] as? Int == chosen["trial"] as? Int)
    }

    @Test func tunePrintsATableOfTrialsAndTheChoice() throws {
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory)
        let output = try MarqueeProcess.run(["tune", "--store", store, "--model", "item-knn", "--trials", "4", "--budget", "5m"])
        #expect(output.status == 0, "tune failed: \(output.standardError)")
        #expect(output.standardOutput.contains("Random search of item-knn: 4 trials"))
        #expect(output.standardOutput.contains("| trial | neighbours | validation NDCG@20 | seconds |"))
        #expect(output.standardOutput.contains("Chosen: trial ") && output.standardOutput.contains("test NDCG@20"))
    }

    @Test func tuneRejectsBadInputWithOneLine() throws {
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory, users: 50, movies: 20, days: 1)
        expectOneLineFailure(try MarqueeProcess.run(["tune", "--store", store, "--model", "magic"]), mentioning: "magic")
        expectOneLineFailure(try MarqueeProcess.run(["tune", "--store", store, "--model", "als", "--budget", "soon"]), mentioning: "--budget")
        expectOneLineFailure(try MarqueeProcess.run(["tune", "--store", store, "--model", "als", "--trials", "0"]), mentioning: "--trials")
        expectOneLineFailure(try MarqueeProcess.run(["tune", "--store", store, "--model", "als", "--split", "random"]), mentioning: "--split")
        expectOneLineFailure(try MarqueeProcess.run(["tune", "--store", store, "--model", "als", "--param", "factors=many"]), mentioning: "factors")
    }
}
