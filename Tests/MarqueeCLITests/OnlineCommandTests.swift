import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct OnlineCommandTests {
    @Test func online_reportsAvailabilityOfAllRequestLinesInRealLogSpellings() throws {
        // Given the log, ingested: one answered request, one timeout, one refused connection written as `1ms`
        let directory = try TemporaryDirectory()
        let lines = [
            "2025-01-01T10:00:00,1,recommendation request h:8082, status 200, result: a+2000, 10 ms",
            "2025-01-01T10:00:01,2,recommendation request h:8082, status 0, "
                + "result: java.util.concurrent.TimeoutException: Request timeout to h:8082 after 800 ms, 800 ms",
            "2025-01-01T10:00:02,3,recommendation request h:8082, status 0, result: java.net.ConnectException: Connection refused, 1ms",
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: directory.path("log.txt")))
        let store = directory.path("s.sqlite")
        let ingest = try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")])
        #expect(ingest.status == 0, "ingest failed: \(ingest.standardError)")
        // When `marquee online` reports availability
        let online = try MarqueeProcess.run(["online", "--store", store, "--json"])
        #expect(online.status == 0, "online failed: \(online.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(online.standardOutput.utf8)) as? [String: Any])
        // Then all three requests count and two thirds failed: 33 %, not 50 %
        #expect(object["requests"] as? Int == 3)
        let availability = try #require(object["availability"] as? Double)
        #expect(abs(availability - 1.0 / 3.0) < 1e-9)
    }
}
