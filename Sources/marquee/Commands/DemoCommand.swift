import ArgumentParser
import MarqueeLab
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer

/// `marquee demo`: the whole loop on the embedded default (SQLite, built-in simulator).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end loop on a simulated streaming service.",
        discussion: """
            Simulates warm-up days without recommendations, ingests the log into a fresh SQLite store, runs the training \
            pipeline and serves its choice on a free loopback port. Then, day by day, the simulated users call it over \
            HTTP; each day's log is ingested, a running canary is judged on the online metric (promoted or rolled back), \
            the pipeline retrains every few days and sends its choice to canary, and an A/B experiment compares the personalised model with \
            popularity. On day 1 an untrained model is sent to canary on purpose, to show the rollback. Prints the history \
            and leaves the store for `marquee registry list` and `marquee provenance`.
            """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Option(name: .long, help: "Days simulated before the first model, without recommendations.")
    var warmUpDays = 2

    @Option(name: .long, help: "Days simulated with users calling the served model.")
    var days = 21

    @Option(name: .long, help: "Retrain every this many days (event time).")
    var retrainEvery = 3

    @Option(name: .long, help: "Share of users a new candidate serves first.")
    var canaryShare = 0.05

    @Option(name: .long, help: "Canary answers needed before it is promoted or rolled back.")
    var canaryAnswers = 100

    @Option(name: .long, help: "Share of log lines with an injected fault (0...0.5).")
    var faultRate = 0.005

    @Option(name: .long, help: "Directory for the logs, catalogue and model artifacts.")
    var dir = "marquee-demo"

    @Option(name: .long, help: ArgumentHelp("Where to leave the store (recreated); default: DIR/marquee.sqlite.", valueName: "path"))
    var store: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Make the A/B experiment production against production re-ranked against licence cost with this weight (0...10).",
            valueName: "weight"))
    var costWeight: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Make the A/B experiment production against production re-ranked against popularity (spreading exposure) with this weight (0...10).",
            valueName: "weight"))
    var exposureWeight: Double?

    func validate() throws {
        try population.validate()
        guard warmUpDays >= 1 else { throw CommandFailure("--warm-up-days must be at least 1, got \(warmUpDays)") }
        guard days >= 1 else { throw CommandFailure("--days must be at least 1, got \(days)") }
        guard (0...0.5).contains(faultRate) else { throw CommandFailure("--fault-rate must be between 0 and 0.5, got \(faultRate)") }
        guard retrainEvery >= 1 else { throw CommandFailure("--retrain-every must be at least 1 day, got \(retrainEvery)") }
        guard canaryShare > 0, canaryShare < 1 else { throw CommandFailure("--canary-share must be between 0 and 1, got \(canaryShare)") }
        guard canaryAnswers >= 1 else { throw CommandFailure("--canary-answers must be at least 1, got \(canaryAnswers)") }
        for (name, weight) in [("--cost-weight", costWeight), ("--exposure-weight", exposureWeight)] {
            if let weight, !(weight > 0 && weight <= 10) { throw CommandFailure("\(name) must be in (0, 10], got \(weight)") }
        }
        if costWeight != nil, exposureWeight != nil { throw CommandFailure("--cost-weight and --exposure-weight each make the experiment: give one") }
    }

    func run() async throws {
        var configuration = DemoConfiguration(
            users: population.users, movies: population.movies, warmUpDays: warmUpDays, servingDays: days, seed: population.seed,
            faultRate: faultRate, directory: dir, storePath: store, retrainEveryDays: retrainEvery, canaryShare: canaryShare,
            canaryMinimumAnswers: canaryAnswers)
        configuration.service = try population.service()
        configuration.tradeOff = costWeight.map { (.licenceCost, $0) } ?? exposureWeight.map { (.popularity, $0) }
        let runner = DemoRunner(configuration: configuration, codeVersion: try .build(), logger: loggingOptions.makeLogger("marquee.demo"))
        let report = try await runner.run { step in print("• \(step)") }
        print("")
        print(report.text)
    }
}
