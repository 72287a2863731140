import Foundation
import MarqueeTestSupport
import Testing

/// `marquee simulate --first-day N` writes a long scenario a day at a time, and `--daily-activity` sets the share of
/// users active on a day (bench/reference.sh uses both).
@Suite(.dedicatedThreads)
struct SimulateDaysTests {
    private static let world = ["--users", "400", "--movies", "60", "--seed", "11", "--fault-rate", "0"]

    /// The log's lines, as text.
    private func simulate(_ arguments: [String]) throws -> [Substring] {
        let directory = try TemporaryDirectory()
        let output = try MarqueeProcess.run(["simulate"] + Self.world + arguments + ["--out", directory.path("log.txt")])
        #expect(output.status == 0, "\(output.standardError)")
        return try String(contentsOfFile: directory.path("log.txt"), encoding: .utf8).split(separator: "\n")
    }

    /// Users with a line in `lines`.
    private func users(_ lines: [Substring]) -> Set<Substring> {
        Set(lines.compactMap { $0.split(separator: ",", maxSplits: 2).dropFirst().first })
    }

    @Test func firstDayWritesOnlyThatDaysEvents() throws {
        // When the scenario's third day is simulated on its own
        let lines = try simulate(["--first-day", "2", "--days", "1"])
        // Then every line is of 2025-01-03 (the scenario starts on 2025-01-01), apart from sessions running past midnight
        #expect(!lines.isEmpty)
        let days = Dictionary(grouping: lines) { $0.prefix(10) }.mapValues(\.count)
        #expect(days["2025-01-03", default: 0] > lines.count * 9 / 10, "\(days)")
        #expect(days.keys.allSatisfy { $0 >= "2025-01-03" }, "\(days.keys.sorted())")
    }

    @Test func dailyActivitySetsTheShareOfActiveUsers() throws {
        // When the same day is simulated with 10 % and with 60 % of users active on average
        let few = users(try simulate(["--days", "1", "--daily-activity", "0.1"]))
        let many = users(try simulate(["--days", "1", "--daily-activity", "0.6"]))
        // Then far fewer users come with the lower share (users vary around the mean, new accounts come anyway)
        #expect(few.count * 3 < many.count, "\(few.count) users at 0.1, \(many.count) at 0.6")
        #expect(few.count > 0)
    }

    @Test(arguments: [["--daily-activity", "1.5"], ["--first-day", "-1"]])
    func refusesOutOfRangeDays(arguments: [String]) throws {
        let output = try MarqueeProcess.run(["simulate"] + Self.world + arguments)
        #expect(output.status != 0)
        #expect(output.standardError.contains(arguments[0]), "\(output.standardError)")
    }
}
