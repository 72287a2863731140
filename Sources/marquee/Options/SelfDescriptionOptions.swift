import ArgumentParser
import MarqueeSimulator

/// `--self-description-share`: how many simulated users answer the newer variant's sign-up questions.
struct SelfDescriptionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Share of simulated users whose record says which movies they like and dislike (the newer service variant), 0...1.")
    var selfDescriptionShare = 0.0

    func validate() throws {
        guard (0...1).contains(selfDescriptionShare) else {
            throw CommandFailure("--self-description-share must be between 0 and 1, got \(selfDescriptionShare)")
        }
    }

    /// `configuration` with the share applied.
    func applied(to configuration: SimulatorConfiguration) -> SimulatorConfiguration {
        var configuration = configuration
        configuration.selfDescriptionShare = selfDescriptionShare
        return configuration
    }
}
