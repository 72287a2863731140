import Logging
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore
import ServiceLifecycle
import Synchronization

/// A store a server follows: its registry (production, canary) and experiments, beside its events.
public typealias FollowedRegistry = EventStore & RegistryStore & ExperimentStore

/// Keeps a server in step with the registry, so that `marquee pipeline`, `marquee experiment`, the lifecycle controller
/// and the other servers' admin APIs reach it: every `interval` it deploys the registered production version when
/// another one serves, starts, re-shares or stops the registered canary, and starts or stops the running experiment.
/// Every replica routes a user the same way, since the routing hashes are salted with names the registry gives (the
/// canary's version, the experiment's name) and the shares are the registry's. A version that fails to load (missing,
/// altered, corrupt) is logged and skipped; what serves keeps serving.
///
/// With a `warmUp` (`marquee serve --precompute`), a new production version or canary is prepared (its answers
/// computed ahead) before it serves, while the version it replaces keeps serving: a rollout never sends every request
/// to the live path.
public struct RegistryWatcher: Service {
    /// Prepares a loaded version before it serves, e.g. ``PrecomputeService/precomputed(_:)``.
    public typealias WarmUp = @Sendable (ServingModel) async -> ServingModel

    let store: any FollowedRegistry
    let service: RecommendationService
    let interval: Duration
    let logger: Logger
    let warmUp: WarmUp?
    /// The registry canary that could not be served, so it is reported once, not at every poll.
    private let skipped = SkippedCanary()

    /// Creates a watcher.
    public init(store: any FollowedRegistry, service: RecommendationService, interval: Duration, logger: Logger, warmUp: WarmUp? = nil) {
        self.store = store
        self.service = service
        self.interval = interval
        self.logger = logger
        self.warmUp = warmUp
    }

    /// `record` loaded and, with a warm-up, prepared to serve.
    private func ready(_ record: ModelVersionRecord) async throws -> ServingModel {
        let model = try await ServingModel.load(record, from: store)
        guard let warmUp else { return model }
        return await warmUp(model)
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval) { await synchronise() }
    }

    /// Applies the registry's production version, canary and running experiment once. Each is applied on its own: one
    /// that fails leaves the others applied.
    public func synchronise() async {
        do {
            try await synchroniseProduction()
        } catch {
            logger.error("Registry synchronisation of production failed; serving continues unchanged", metadata: ["error": "\(error)"])
        }
        do {
            try await synchroniseCanary()
        } catch {
            logger.error("Registry synchronisation of the canary failed; serving continues unchanged", metadata: ["error": "\(error)"])
        }
        do {
            try await synchroniseExperiment()
        } catch {
            logger.error("Registry synchronisation of the experiment failed; serving continues unchanged", metadata: ["error": "\(error)"])
        }
    }

    private func synchroniseProduction() async throws {
        guard let production = try await store.productionVersion(), production.version != service.model.version else { return }
        // A promoted canary is served already: promote it rather than load the same artifact again.
        if service.current.canary?.version == production.version, let promoted = service.promoteCanary() {
            logger.notice("Promoted the canary, the registry's production version", metadata: ["model.version": "\(promoted.version)"])
            return
        }
        // A rolled-back production: the version served before is restored rather than loaded again.
        if service.history.last?.version == production.version, let restored = service.rollback() {
            logger.notice("Rolled back to the registry's production version", metadata: ["model.version": "\(restored.version)"])
            return
        }
        service.deploy(try await ready(production))
        logger.notice("Deployed the registry's production version", metadata: ["model.version": "\(production.version)"])
    }

    private func synchroniseCanary() async throws {
        let serving = service.current
        guard let canary = try await store.canaryVersion() else {
            if let stale = serving.canary {
                service.setCanary(nil, share: 0)
                logger.notice("Stopped the canary, no longer one in the registry", metadata: ["model.version": "\(stale.version)"])
            }
            return
        }
        if let share = canary.canaryShare, serving.canary?.version == canary.version {
            if serving.canaryShare != share, service.setCanaryShare(share) {
                logger.notice("Changed the canary's share", metadata: ["model.version": "\(canary.version)", "canary.share": "\(share)"])
            }
            return
        }
        // A canary that could not be served is tried again only once its canary stage is recorded anew.
        let attempt = "\(canary.version)@\(canary.stages.last?.at ?? 0)"
        guard !skipped.contains(attempt) else { return }
        do {
            guard let share = canary.canaryShare else {
                throw StoreError(.corrupt, "the registry records no share for canary \(canary.version): start it again to record one")
            }
            service.setCanary(try await ready(canary), share: share)
            logger.notice("Started the registry's canary", metadata: ["model.version": "\(canary.version)", "canary.share": "\(share)"])
        } catch {
            skipped.remember(attempt)
            // The canary served before was ended in the registry when this one was recorded: its users get production.
            if let stale = serving.canary {
                service.setCanary(nil, share: 0)
                logger.notice("Stopped the canary, no longer the registry's", metadata: ["model.version": "\(stale.version)"])
            }
            logger.error(
                "Cannot serve the registry's canary; skipped, serving continues without it",
                metadata: ["model.version": "\(canary.version)", "error": "\(error)"])
        }
    }

    private func synchroniseExperiment() async throws {
        let running = try await store.runningExperiment()
        let serving = service.current.experiment
        if let running, running.name != serving?.name {
            service.startExperiment(try await LifecycleController.servingExperiment(running, from: store))
            logger.notice("Started experiment", metadata: ["experiment": "\(running.name)"])
        } else if running == nil, let serving {
            service.stopExperiment()
            logger.notice("Stopped experiment", metadata: ["experiment": "\(serving.name)"])
        }
    }
}

/// The last registry canary a watcher could not serve (its version and when its stage was recorded).
private final class SkippedCanary: Sendable {
    private let attempt = Mutex<String?>(nil)

    func contains(_ attempt: String) -> Bool { self.attempt.withLock { $0 == attempt } }

    func remember(_ attempt: String) { self.attempt.withLock { $0 = attempt } }
}
