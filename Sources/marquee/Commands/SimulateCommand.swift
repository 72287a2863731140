import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeLab
import MarqueeSimulator

/// `marquee simulate`: writes the event log of a simulated streaming service.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write the event log of a simulated streaming service.",
        discussion: """
            Lines follow the service's format exactly (SPEC.md §1), including injected faults. Without \
            --recommender, simulated users only browse; with it, every session asks that server for \
            recommendations over HTTP with the service's timeout. With --kafka and --topic, each line \
            becomes one message of that topic, keyed by its user id.
            """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var selfDescriptions: SelfDescriptionOptions

    @Option(name: .long, help: "Number of simulated days.")
    var days = 3

    @Option(
        name: .long,
        help: """
            The scenario day to start at (0 is the first): a run of --first-day 7 continues the service of a run of days \
            0 to 6 with the same seed, so a long scenario can be written a day at a time.
            """)
    var firstDay = 0

    @Option(
        name: .long,
        help: "Mean share of users active on a day, 0...1 (default: 0.3; about 0.1 is the reference scenario's reading of the real service).")
    var dailyActivity: Double?

    @Option(name: .long, help: "Write the log to this file instead of standard output.")
    var out: String?

    @OptionGroup var kafkaOptions: KafkaOptions

    @Option(
        name: .customLong("catalogue-out"),
        help: ArgumentHelp("Also write the user and movie records, users.jsonl and movies.jsonl, into this directory.", valueName: "directory"))
    var catalogueOut: String?

    @Option(
        name: .customLong("catalog-out"), help: ArgumentHelp("Deprecated spelling of --catalogue-out.", valueName: "directory", visibility: .hidden))
    var deprecatedCatalogOut: String?

    private var catalogueOutOption: RenamedOption {
        RenamedOption(name: "--catalogue-out", deprecatedName: "--catalog-out", value: catalogueOut, deprecatedValue: deprecatedCatalogOut)
    }

    @Option(name: .long, help: "host:port of a recommendation server to call, e.g. 127.0.0.1:8082.")
    var recommender: String?

    @Option(name: .long, help: "Share of lines with an injected fault (0...0.5).")
    var faultRate = 0.005

    @Option(
        name: .customLong("scenario"),
        help: ArgumentHelp(
            "A disturbance from a scenario day on: outage@DAY[:HOURS] (status-0 requests), format-fault@DAY[:RATE] (malformed lines), taste-shift@DAY[:GROUP] (a group's genre tastes turn around) or popularity-shock@DAY (a new blockbuster); repeatable.",
            valueName: "scenario"))
    var scenarios: [String] = []

    @Option(
        name: .long,
        help: "How long the service waits for a recommendation, in milliseconds (default: the service configuration's request budget, 800).")
    var timeoutMs: Int?

    func validate() throws {
        try population.validate()
        try selfDescriptions.validate()
        try kafkaOptions.validate()
        try catalogueOutOption.validate()
        if kafkaOptions.isEnabled, out != nil { throw CommandFailure("--out and --kafka both name where the log goes: choose one") }
        guard days >= 0 else { throw CommandFailure("--days must be at least 0, got \(days)") }
        guard firstDay >= 0 else { throw CommandFailure("--first-day must be at least 0, got \(firstDay)") }
        if let dailyActivity, !(0...1).contains(dailyActivity) {
            throw CommandFailure("--daily-activity must be between 0 and 1, got \(dailyActivity)")
        }
        guard (0...0.5).contains(faultRate) else { throw CommandFailure("--fault-rate must be between 0 and 0.5, got \(faultRate)") }
        for text in scenarios where Scenario(parsing: text) == nil {
            throw CommandFailure("--scenario '\(text)' is not understood: use \(Scenario.syntax)")
        }
        if let timeoutMs, timeoutMs < 1 { throw CommandFailure("--timeout-ms must be at least 1, got \(timeoutMs)") }
        if let recommender, !recommender.contains(":") || recommender.contains("/") {
            throw CommandFailure("--recommender must be host:port such as 127.0.0.1:8082, got '\(recommender)'")
        }
    }

    func run() async throws {
        var configuration = selfDescriptions.applied(
            to: try population.configuration(days: days, faultRate: faultRate, server: recommender ?? "marquee:8082"))
        configuration.scenarios = scenarios.compactMap(Scenario.init(parsing:))
        configuration.firstDay = firstDay
        if let dailyActivity { configuration.dailyActivity = dailyActivity }
        if let timeoutMs { configuration.requestTimeoutMilliseconds = timeoutMs }
        let simulator = try Simulator(configuration: configuration)
        if let catalogueOut = catalogueOutOption.resolved() {
            try simulator.writeCatalogue(to: catalogueOut)
        }
        if kafkaOptions.isEnabled {
            try await produceToKafka(simulator)
            return
        }
        var sink = try out.map { path throws(MarqueeError) in try BufferedFileSink(path: path) } ?? .standardOutput()
        let summary = try await simulate(simulator, into: &sink)
        try sink.close()
        FileHandle.standardError.write(Data("simulated \(summary)\n".utf8))
    }

    /// Runs the simulation into `sink`, asking `--recommender` for recommendations when one is given.
    func simulate(_ simulator: Simulator, into sink: inout some EventLogSink) async throws -> SimulationSummary {
        if let recommender {
            let provider = HTTPRecommendationProvider(
                server: recommender, timeout: .milliseconds(simulator.configuration.requestTimeoutMilliseconds))
            return try await simulator.run(writingTo: &sink, provider: provider)
        }
        return try await simulator.run(writingTo: &sink)
    }
}
