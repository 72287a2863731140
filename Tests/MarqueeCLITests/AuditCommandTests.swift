import Foundation
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct AuditCommandTests {
    /// A log of four days: each day user 1 gets an answer and watches 12 minutes of it.
    private static func store(in directory: TemporaryDirectory) throws -> String {
        var lines: [String] = []
        for day in 1...4 {
            lines.append("2025-01-0\(day)T10:00:00,1,recommendation request h:8082, status 200, result: a+2000, 10 ms")
            lines += (0..<12).map { "2025-01-0\(day)T11:\(String(format: "%02d", $0)):00,1,GET /data/m/a+2000/\($0).mpg" }
        }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: directory.path("log.txt")))
        let store = directory.path("s.sqlite")
        let ingest = try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")])
        #expect(ingest.status == 0, "ingest failed: \(ingest.standardError)")
        return store
    }

    private static func audit(_ arguments: [String]) throws -> [String: Any] {
        let audit = try MarqueeProcess.run(["audit"] + arguments + ["--json"])
        #expect(audit.status == 0, "audit failed: \(audit.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(audit.standardOutput.utf8)) as? [String: Any])
    }

    @Test func auditCoversTheLastDaysBeforeTheLatestRequest_orTheWholeHistoryWithDaysZero() throws {
        let directory = try TemporaryDirectory()
        let store = try Self.store(in: directory)
        // When the last day is audited (24 hours before the latest request, included), then the answers of days 3 and 4
        // are, and the events from the first watch after the third answer on
        let recent = try Self.audit(["--store", store, "--days", "1"])
        #expect(recent["answers"] as? Int == 2)
        #expect((recent["from"] as? String)?.hasPrefix("2025-01-03T11:00:00") == true)
        // And by default the last 14 days, here all four
        #expect(try Self.audit(["--store", store])["answers"] as? Int == 4)
        // And --days 0 audits the whole history
        #expect(try Self.audit(["--store", store, "--days", "0"])["answers"] as? Int == 4)
        // And a negative number of days is refused
        let refused = try MarqueeProcess.run(["audit", "--store", store, "--days=-1"])
        #expect(refused.status != 0 && refused.standardError.contains("--days must be 0"))
    }
}
