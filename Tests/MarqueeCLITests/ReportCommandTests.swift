import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct ReportCommandTests {
    @Test func writesASelfContainedIndexHTMLForAStoreWithoutModels() throws {
        // Given a store with a little watching and no model yet
        let directory = try TemporaryDirectory()
        let codec = LogLineCodec()
        let start = try #require(EventTime(year: 2025, month: 1, day: 1))
        let lines = (0..<20).map { index in
            codec.format(
                Event(
                    time: start.adding(seconds: Double(index * 60)), user: UserID(Int64(index % 4))!,
                    kind: .watch(movie: MovieID("movie+\(index % 3)+2000")!, minute: index)))
        }
        try (lines.joined(separator: "\n") + "\nnot a log line\n").write(toFile: directory.path("log.txt"), atomically: true, encoding: .utf8)
        let store = directory.path("s.sqlite")
        #expect(try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")]).status == 0)
        // When the report is written
        let out = directory.path("report")
        let result = try MarqueeProcess.run(["report", "--store", store, "--out", out, "--days", "7"])
        // Then index.html exists, says where it is, and shows its sections with "no data yet" where there is none
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("report/index.html"))
        let html = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(html.contains("id=\"offline\"") && html.contains("id=\"online\"") && html.contains("no data yet"))
        #expect(html.contains("<td>quarantined lines</td><td class=\"num\">1</td>"))
    }

    @Test func refusesAMissingStoreWithAnActionableMessage() throws {
        let result = try MarqueeProcess.run(["report", "--store", "/nonexistent/s.sqlite", "--out", "/tmp/x"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("no store at '/nonexistent/s.sqlite'"))
    }
}
