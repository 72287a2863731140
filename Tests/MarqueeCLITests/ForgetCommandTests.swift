import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct ForgetCommandTests {
    @Test func forget_deletesTheUsersEvents_andAReplayedLogDoesNotBringThemBack() throws {
        // Given a store with the events of users 1 and 2
        let directory = try TemporaryDirectory()
        let codec = LogLineCodec()
        let start = try #require(EventTime(year: 2025, month: 1, day: 1))
        let lines = (0..<20).map { index in
            codec.format(
                Event(
                    time: start.adding(seconds: Double(index * 60)), user: UserID(Int64(1 + index % 2))!,
                    kind: .watch(movie: MovieID("movie+\(index % 5)+2000")!, minute: index)))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory.path("log.txt"), atomically: true, encoding: .utf8)
        let store = directory.path("s.sqlite")
        #expect(try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")]).status == 0)
        // When user 1 is forgotten
        let forget = try MarqueeProcess.run(["forget", "--store", store, "--user", "1", "--json"])
        #expect(forget.status == 0, "forget failed: \(forget.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(forget.standardOutput.utf8)) as? [String: Any])
        #expect((report["report"] as? [String: Any])?["events"] as? Int == 10)
        // Then only user 2's events remain, also after the same log is ingested again under another name
        try (lines.joined(separator: "\n") + "\n").write(toFile: directory.path("replay.txt"), atomically: true, encoding: .utf8)
        #expect(try MarqueeProcess.run(["ingest", "--store", store, directory.path("replay.txt")]).status == 0)
        let stats = try MarqueeProcess.run(["stats", "--store", store, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any])
        #expect((object["events"] as? [String: Int])?["total"] == 10)
        // And a bad id is refused with a message
        let bad = try MarqueeProcess.run(["forget", "--store", store, "--user", "-3"])
        #expect(bad.status != 0 && bad.standardError.contains("--user"))
    }
}
