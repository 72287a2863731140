import Foundation
import MarqueeCore
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads, .serialized)
struct IngestAndStatsCommandTests {
    /// `count` distinct watch lines of users 0..<count/100, then 3 duplicates and 4 bad lines.
    private func writeLog(to path: String, distinctLines count: Int) throws -> (distinct: Int, duplicates: Int, bad: Int) {
        let codec = LogLineCodec()
        let start = EventTime(year: 2025, month: 1, day: 1)!
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 60)
        var first: [UInt8] = []
        for index in 0..<count {
            let event = Event(
                time: start.adding(seconds: Double(index)), user: UserID(Int64(index / 100))!,
                kind: .watch(movie: MovieID("movie+\(index % 50)+2001")!, minute: index % 100))
            var line: [UInt8] = []
            codec.append(event, to: &line)
            if index == 0 { first = line }
            bytes += line
            bytes.append(UInt8(ascii: "\n"))
        }
        for _ in 0..<3 { bytes += first + [UInt8(ascii: "\n")] }
        for bad in ["not a line", "2025-01-01T00:00:00,x,GET /create_account", "2025-01-01T00:00:00,1,GET /rate/a+2000=9", "2025-01-01T00:00:00,1"] {
            bytes += Array(bad.utf8) + [UInt8(ascii: "\n")]
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (count, 3, 4)
    }

    private func statistics(store: String) throws -> [String: Any] {
        let output = try MarqueeProcess.run(["stats", "--store", store, "--json"])
        #expect(output.status == 0, "stats failed: \(output.standardError)")
        #expect(output.standardOutput.split(separator: "\n").count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(output.standardOutput.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func statsPrintsOneJSONObjectWithTheContractKeys() throws {
        // Given a log with good, duplicate and bad lines, ingested once
        let directory = try TemporaryDirectory()
        let log = try writeLog(to: directory.path("log.txt"), distinctLines: 1_000)
        let ingest = try MarqueeProcess.run(["ingest", "--store", directory.path("s.sqlite"), directory.path("log.txt")])
        #expect(ingest.status == 0, "ingest failed: \(ingest.standardError)")
        // When stats are asked for as JSON
        let stats = try statistics(store: directory.path("s.sqlite"))
        // Then the contract's keys are there with exact counts
        let events = try #require(stats["events"] as? [String: Int])
        #expect(events["total"] == log.distinct)
        #expect(events["watch"] == log.distinct)
        #expect(events["rate"] == 0 && events["recommendation"] == 0 && events["account"] == 0)
        let quarantine = try #require(stats["quarantine"] as? [String: Any])
        #expect(quarantine["total"] as? Int == log.bad)
        let byReason = try #require(quarantine["by_reason"] as? [String: Int])
        #expect(byReason.values.reduce(0, +) == log.bad)
        #expect(stats["duplicates"] as? Int == log.duplicates)
        #expect(stats["users"] as? Int != nil && stats["movies"] as? Int != nil)
    }

    @Test func ingestingTheSameFileTwiceStoresNothingTwice() throws {
        let directory = try TemporaryDirectory()
        let log = try writeLog(to: directory.path("log.txt"), distinctLines: 500)
        for _ in 0..<2 {
            let ingest = try MarqueeProcess.run(["ingest", "--store", directory.path("s.sqlite"), directory.path("log.txt")])
            #expect(ingest.status == 0, "ingest failed: \(ingest.standardError)")
        }
        let stats = try statistics(store: directory.path("s.sqlite"))
        #expect((stats["events"] as? [String: Int])?["total"] == log.distinct)
        #expect((stats["quarantine"] as? [String: Any])?["total"] as? Int == log.bad)
        #expect(stats["duplicates"] as? Int == log.duplicates)
    }

    @Test func killedIngestResumesFromItsCheckpointWithExactCounts() throws {
        // Given a large log and an ingest killed with SIGKILL in the middle of it
        let directory = try TemporaryDirectory()
        let store = directory.path("s.sqlite")
        let log = try writeLog(to: directory.path("log.txt"), distinctLines: 400_000)
        let (process, _, _) = try MarqueeProcess.start(["ingest", "--store", store, "--batch-size", "5000", directory.path("log.txt")])
        var storedBeforeKill = 0
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if FileManager.default.fileExists(atPath: store),
                let stats = try? MarqueeProcess.run(["stats", "--store", store, "--json"]), stats.status == 0,
                let object = try? JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any],
                let total = (object["events"] as? [String: Int])?["total"], total > 0
            {
                storedBeforeKill = total
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(storedBeforeKill > 0 && storedBeforeKill < log.distinct, "the kill did not land mid-file (\(storedBeforeKill) stored)")
        // When ingest runs again on the same file
        let again = try MarqueeProcess.run(["ingest", "--store", store, directory.path("log.txt")])
        #expect(again.status == 0, "resumed ingest failed: \(again.standardError)")
        // Then every event is stored exactly once and nothing counts as a duplicate that was not one
        let stats = try statistics(store: store)
        #expect((stats["events"] as? [String: Int])?["total"] == log.distinct)
        #expect(stats["duplicates"] as? Int == log.duplicates)
        #expect((stats["quarantine"] as? [String: Any])?["total"] as? Int == log.bad)
    }

    @Test func ingestReadsStandardInput() throws {
        let directory = try TemporaryDirectory()
        let log = try writeLog(to: directory.path("log.txt"), distinctLines: 200)
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: directory.path("log.txt")))
        let ingest = try MarqueeProcess.run(["ingest", "--store", directory.path("s.sqlite"), "-"], standardInput: input)
        #expect(ingest.status == 0, "ingest failed: \(ingest.standardError)")
        let stats = try statistics(store: directory.path("s.sqlite"))
        #expect((stats["events"] as? [String: Int])?["total"] == log.distinct)
    }
}
