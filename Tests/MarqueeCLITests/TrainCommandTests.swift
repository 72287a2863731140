import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct TrainCommandTests {
    @Test func trainWritesAnArtifactAndSummarisesTheRun() throws {
        // Given a small simulated store
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory, users: 200, movies: 60, days: 2)
        // When ALS is trained with a few hyperparameters
        let output = try MarqueeProcess.run([
            "train", "--store", store, "--model", "als", "--param", "factors=8", "--param", "iterations=3", "--out", directory.path("als.model"),
        ])
        // Then the artifact exists, starts with the artifact magic, and the summary names the model and the file
        #expect(output.status == 0, "train failed: \(output.standardError)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory.path("als.model")))
        #expect(bytes.starts(with: Array("MRQMODEL".utf8)))
        #expect(output.standardOutput.hasPrefix("Trained als"))
        #expect(output.standardOutput.contains("als.model"))
        #expect(output.standardOutput.split(separator: "\n").count == 1)
    }

    @Test func trainRejectsBadInputWithOneLine() throws {
        let directory = try TemporaryDirectory()
        let store = try SimulatedStore.make(in: directory, users: 50, movies: 20, days: 1)
        let out = directory.path("m.model")
        expectOneLineFailure(try MarqueeProcess.run(["train", "--store", store, "--model", "magic", "--out", out]), mentioning: "magic")
        expectOneLineFailure(
            try MarqueeProcess.run(["train", "--store", store, "--model", "als", "--param", "factors", "--out", out]), mentioning: "key=value")
        expectOneLineFailure(
            try MarqueeProcess.run(["train", "--store", store, "--model", "als", "--param", "nope=1", "--out", out]), mentioning: "nope")
        expectOneLineFailure(
            try MarqueeProcess.run(["train", "--store", store, "--model", "als", "--out", "/nonexistent/dir/m.model"]), mentioning: "/nonexistent/dir"
        )
    }
}
