import Foundation
import Logging
import MarqueeCore
import MarqueeModels
import ServiceLifecycle

/// Keeps the production version's answers computed ahead (`marquee serve --precompute`): at start, and again whenever
/// another version becomes production (a rollout by the registry or the admin API), it computes every personalised
/// user's answer off the request path and attaches the lists to that version if it still serves.
public struct PrecomputeService: Service {
    let service: RecommendationService
    let interval: Duration
    let logger: Logger

    /// Creates the service; it looks for a production version without lists every `interval`.
    public init(service: RecommendationService, interval: Duration = .seconds(5), logger: Logger) {
        self.service = service
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval) { await precomputeIfNeeded() }
    }

    /// Computes and attaches the production version's lists when it has none; returns whether lists were attached.
    @discardableResult
    public func precomputeIfNeeded() async -> Bool {
        let model = service.model
        guard model.precomputed == nil else { return false }
        let clock = ContinuousClock()
        let start = clock.now
        // Minutes of work on every core, off the executor so that requests keep being answered meanwhile.
        let ready = await runBlocking { model.withPrecomputedLists(threads: ProcessInfo.processInfo.activeProcessorCount) }
        let attached = service.attach(ready)
        logger.notice(
            "Precomputed answers",
            metadata: [
                "model.version": "\(model.version)", "users": "\(ready.precomputed?.count ?? 0)", "seconds": "\((clock.now - start).inSeconds)",
                "attached": "\(attached)",
            ])
        return attached
    }
}
