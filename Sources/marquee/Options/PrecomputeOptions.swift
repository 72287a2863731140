import ArgumentParser
import Logging
import MarqueeServer

/// `--precompute`, of `serve` and `run`: answers become lookups of lists computed ahead, and a new version serves only
/// once its lists are ready.
struct PrecomputeOptions: ParsableArguments {
    @Flag(
        name: .long,
        help: """
            Compute every known user's answer ahead, in the background after start and again for each version that \
            starts serving: production, a canary, an experiment's arms (minutes each at 1M users), so answers become lookups.
            """)
    var precompute = false

    /// The service that computes the serving versions' lists, when asked for.
    func service(for server: RecommendationServer, logger: Logger) -> PrecomputeService? {
        precompute ? PrecomputeService(service: server.service, logger: logger) : nil
    }

    /// With --precompute a new version's answers are computed before it serves; the old version serves meanwhile.
    func warmUp(logger: Logger) -> DeploymentApplier.WarmUp? {
        precompute ? { @Sendable model in try await PrecomputeService.precomputed(model, logger: logger) } : nil
    }
}
