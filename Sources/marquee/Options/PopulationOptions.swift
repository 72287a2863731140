import ArgumentParser
import MarqueeCore
import MarqueeSimulator

/// The simulated service's size and seed: `--users --movies --seed`.
struct PopulationOptions: ParsableArguments {
    @Option(name: .long, help: "Number of simulated users.")
    var users = 2_000

    @Option(name: .long, help: "Number of movies in the simulated catalogue.")
    var movies = 500

    @Option(name: .long, help: "Random seed; the same seed gives the same service, byte for byte.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "Highest rating of the service's scale: 5 (default) or 10.")
    var ratingScale = 5

    func validate() throws {
        guard users >= 1 else { throw CommandFailure("--users must be at least 1, got \(users)") }
        guard movies >= 1 else { throw CommandFailure("--movies must be at least 1, got \(movies)") }
        guard RatingScale(maximum: ratingScale) != nil else {
            throw CommandFailure("--rating-scale must be between 2 and 100 (5 or 10 in practice), got \(ratingScale)")
        }
    }

    /// The simulator configuration for `days` days with these options.
    func configuration(days: Int, faultRate: Double = 0.005, server: String = "marquee:8082") -> SimulatorConfiguration {
        SimulatorConfiguration(
            users: users, movies: movies, days: days, seed: seed, faultRate: faultRate, recommendationServer: server,
            ratingScale: RatingScale(maximum: ratingScale) ?? .fiveStars)
    }
}
