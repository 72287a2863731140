import Foundation
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import ServiceLifecycle
import Synchronization

/// Keeps the answers of every model serving computed ahead (`marquee serve --precompute`): at start, and again whenever
/// another version serves (a rollout, a canary or an experiment arm, by the registry or the admin API), it computes
/// every personalised user's answer off the request path and attaches the lists to that version if it still serves.
/// Production comes first, then the canary, then the experiment's arms; a version serving twice (e.g. production as
/// an experiment's control) shares the lists computed once.
public struct PrecomputeService: Service {
    let service: RecommendationService
    let interval: Duration
    let logger: Logger

    /// Creates the service; it looks for a serving model without lists every `interval`.
    public init(service: RecommendationService, interval: Duration = .seconds(5), logger: Logger) {
        self.service = service
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval) { await precomputeIfNeeded() }
    }

    /// Computes and attaches the lists of the first serving model without any (production, the canary, the experiment's
    /// control, its treatment); returns whether lists were attached.
    @discardableResult
    public func precomputeIfNeeded() async -> Bool {
        let deployment = service.current
        var serving = [deployment.production]
        if let canary = deployment.canary { serving.append(canary) }
        if let experiment = deployment.experiment { serving += [experiment.control, experiment.treatment] }
        guard let model = serving.first(where: { $0.precomputed == nil }) else { return false }
        if let computed = serving.first(where: { $0.version == model.version && $0.precomputed != nil }) {
            return service.attach(computed)
        }
        guard let ready = try? await Self.precomputed(model, logger: logger) else { return false }
        let attached = service.attach(ready)
        if !attached { logger.notice("Precomputed answers of a version that no longer serves", metadata: ["model.version": "\(model.version)"]) }
        return attached
    }

    /// `model` with its answers computed ahead on every core: minutes of work, off the executor so that requests keep
    /// being answered meanwhile. Logs how many users and how long (the warm-up of a new version, or a start's).
    /// - Throws: `CancellationError` when the task is cancelled or the process shuts down meanwhile: the computation
    ///   stops within a chunk of users instead of holding the shutdown for minutes.
    public static func precomputed(_ model: ServingModel, logger: Logger) async throws(CancellationError) -> ServingModel {
        var stopwatch = Stopwatch()
        let stop = StopFlag()
        let ready = await cancelWhenGracefulShutdown {
            await withTaskCancellationHandler {
                await runBlocking {
                    model.withPrecomputedLists(threads: ProcessInfo.processInfo.activeProcessorCount, stoppingWhen: { stop.isRaised })
                }
            } onCancel: {
                stop.raise()
            }
        }
        guard !stop.isRaised else {
            logger.notice("Precomputing answers stopped: cancelled", metadata: ["model.version": "\(model.version)"])
            throw CancellationError()
        }
        logger.notice(
            "Precomputed answers",
            metadata: [
                "model.version": "\(model.version)", "users": "\(ready.precomputed?.count ?? 0)",
                "seconds": "\(stopwatch.lap("precompute").seconds)",
            ])
        return ready
    }
}

/// A flag raised once, from any thread: how a cancelled task tells blocking work on another thread to stop.
private final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    var isRaised: Bool { raised.load(ordering: .relaxed) }

    func raise() { raised.store(true, ordering: .relaxed) }
}
