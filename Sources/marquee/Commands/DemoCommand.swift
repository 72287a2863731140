import ArgumentParser
import MarqueeServer

/// `marquee demo`: the whole loop on the embedded default (SQLite, built-in simulator).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the end-to-end loop on a simulated streaming service.",
        discussion: """
            Simulates warm-up days without recommendations, ingests the log into a fresh SQLite store, trains the \
            popularity model, serves it on a free loopback port, lets the simulated users call it over HTTP, \
            ingests that log too, and prints what happened.
            """
    )

    @OptionGroup var population: PopulationOptions
    @OptionGroup var loggingOptions: LoggingOptions

    @Option(name: .long, help: "Days simulated before the first model, without recommendations.")
    var warmUpDays = 2

    @Option(name: .long, help: "Days simulated with users calling the served model.")
    var days = 3

    @Option(name: .long, help: "Share of log lines with an injected fault (0...0.5).")
    var faultRate = 0.005

    @Option(name: .long, help: "Directory for the store, logs and catalogue (the store in it is recreated).")
    var dir = "marquee-demo"

    func validate() throws {
        try population.validate()
        guard warmUpDays >= 1 else { throw CommandFailure("--warm-up-days must be at least 1, got \(warmUpDays)") }
        guard days >= 1 else { throw CommandFailure("--days must be at least 1, got \(days)") }
        guard (0...0.5).contains(faultRate) else { throw CommandFailure("--fault-rate must be between 0 and 0.5, got \(faultRate)") }
    }

    func run() async throws {
        let configuration = DemoConfiguration(
            users: population.users, movies: population.movies, warmUpDays: warmUpDays, servingDays: days, seed: population.seed,
            faultRate: faultRate, directory: dir)
        let runner = DemoRunner(configuration: configuration, logger: loggingOptions.makeLogger("marquee.demo"))
        let report = try await runner.run { step in print("• \(step)") }
        print("")
        print(report.text)
    }
}
