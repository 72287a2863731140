import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct ImportCommandTests {
    private func writeFixture(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path("ml")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let files = [
            "ml-100k.user":
                "user_id:token\tage:token\tgender:token\toccupation:token\tzip_code:token\n1\t24\tM\teducator\t85711\n2\t53\tF\tnone\t94043\n",
            "ml-100k.item":
                "item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq\n1\tToy Story\t1995\tAnimation Children's Comedy\n"
                + "2\tGoldenEye\t1995\tAction Adventure Thriller\n",
            "ml-100k.inter":
                "user_id:token\titem_id:token\trating:float\ttimestamp:float\n1\t1\t5\t881250949\n2\t1\t4\t881250950\n2\t2\t1\t881250951\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name)) }
        return path
    }

    @Test func importMovieLensLoadsTheFixtureIntoAStore() throws {
        // Given the fixture in RecBole's atomic-file format
        let directory = try TemporaryDirectory()
        let data = try writeFixture(in: directory)
        // When it is imported
        let output = try MarqueeProcess.run(["import", "movielens", data, "--store", directory.path("s.sqlite")])
        // Then the summary counts users, movies and ratings, and the store holds the events
        #expect(output.status == 0, "import failed: \(output.standardError)")
        #expect(output.standardOutput.contains("imported 2 users, 2 movies"))
        #expect(output.standardOutput.contains("3 ratings"))
        let stats = try MarqueeProcess.run(["stats", "--store", directory.path("s.sqlite"), "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any])
        let events = try #require(object["events"] as? [String: Int])
        #expect(events["rate"] == 3)
        #expect(events["watch"] == 10 + 10 + 2)
    }

    @Test func importMovieLensRejectsAMissingDirectory() throws {
        let directory = try TemporaryDirectory()
        expectOneLineFailure(
            try MarqueeProcess.run(["import", "movielens", directory.path("nothing"), "--store", directory.path("s.sqlite")]),
            mentioning: "no directory")
    }

    @Test(.enabled(if: EvaluationDatasets.movieLensTestsEnabled, Comment(rawValue: EvaluationDatasets.unavailableMessage)))
    func evaluateRunsOnMovieLens100k() throws {
        // Given MovieLens-100k imported with a one-minute synthetic watch
        let data = try #require(EvaluationDatasets.movieLens100k, Comment(rawValue: EvaluationDatasets.unavailableMessage))
        let directory = try TemporaryDirectory()
        let store = directory.path("ml.sqlite")
        let imported = try MarqueeProcess.run(["import", "movielens", data, "--store", store, "--liked-minutes", "1", "--disliked-minutes", "0"])
        #expect(imported.status == 0, "import failed: \(imported.standardError)")
        // When popularity is evaluated on the per-user split
        let output = try MarqueeProcess.run(["evaluate", "--store", store, "--models", "popularity", "--split", "per-user", "--json"])
        // Then it evaluates most of the 943 users and finds something
        #expect(output.status == 0, "evaluate failed: \(output.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8)) as? [String: Any])
        let split = try #require(object["split"] as? [String: Any])
        #expect((split["test_users"] as? Int ?? 0) > 800)
        let metrics = try #require((object["models"] as? [[String: Any]])?.first?["metrics"] as? [String: Double])
        #expect((metrics["ndcg@20"] ?? 0) > 0.05)
    }
}
