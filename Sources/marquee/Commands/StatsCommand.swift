import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeStore

/// `marquee stats`: counts of events, quarantine, duplicates, users and movies in a store.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Show what a store holds.")

    @OptionGroup var storeOptions: StoreOptions

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        try storeOptions.requireExistingStore()
    }

    func run() async throws {
        let statistics = try await storeOptions.open().statistics()
        if json {
            print(String(decoding: try JSONEncoder.marquee().encode(statistics), as: UTF8.self))
            return
        }
        print(StatisticsReport(statistics).text)
    }
}

/// A human-readable rendering of ``StoreStatistics``.
struct StatisticsReport {
    let statistics: StoreStatistics

    init(_ statistics: StoreStatistics) {
        self.statistics = statistics
    }

    var text: String {
        let e = statistics.events
        var lines = [
            "events          \(e.total)  (watch \(e.watch), rate \(e.rate), recommendation \(e.recommendation), account \(e.account))",
            "duplicates      \(statistics.duplicates)",
            "quarantined     \(statistics.quarantine.total)",
        ]
        for (reason, count) in statistics.quarantine.byReason.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(reason.padding(toLength: 22, withPad: " ", startingAt: 0))\(count)")
        }
        lines.append("users           \(statistics.users)")
        lines.append("movies          \(statistics.movies)")
        lines.append("telemetry       \(statistics.telemetry) answers recorded by the server")
        return lines.joined(separator: "\n")
    }
}
