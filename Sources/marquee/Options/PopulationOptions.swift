import ArgumentParser
import MarqueeCore
import MarqueeSimulator

/// The simulated service's size and seed: `--users --movies --seed`.
struct PopulationOptions: ParsableArguments {
    @Option(name: .long, help: "Number of simulated users.")
    var users = 5_000

    @Option(name: .long, help: "Number of movies in the simulated catalogue.")
    var movies = 500

    @Option(name: .long, help: "Random seed; the same seed gives the same service, byte for byte.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Highest rating of the service's scale, 5 or 10 (kept for compatibility; --service-config sets it).")
    var ratingScale: Int?

    @OptionGroup var serviceOptions: ServiceConfigurationOptions

    func validate() throws {
        guard users >= 1 else { throw CommandFailure("--users must be at least 1, got \(users)") }
        guard movies >= 1 else { throw CommandFailure("--movies must be at least 1, got \(movies)") }
        _ = try service()
    }

    /// The variant of the service to simulate: `--service-config` (or `MARQUEE_SERVICE_CONFIG`), else the older
    /// variant, with `--rating-scale` applied.
    func service() throws -> ServiceConfiguration {
        try serviceOptions.configuration(ratingScale: ratingScale)
    }

    /// The simulator configuration for `days` days with these options: the service variant's rating scale, request
    /// budget (the simulated service's timeout) and self-description keys.
    func configuration(days: Int, faultRate: Double = 0.005, server: String = "marquee:8082") throws -> SimulatorConfiguration {
        let service = try service()
        var configuration = SimulatorConfiguration(
            users: users, movies: movies, days: days, seed: seed, faultRate: faultRate, recommendationServer: server,
            requestTimeoutMilliseconds: service.requestBudgetMilliseconds, ratingScale: service.ratingScale)
        configuration.selfDescriptionFields = service.selfDescriptionFields
        return configuration
    }
}
