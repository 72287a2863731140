import Logging
import MarqueeStore
import ServiceLifecycle
import Synchronization

/// The one path from decisions to serving: applies the ``RecordedDeployment`` (the registry, or a server's
/// ``LocalDeployment``) to a ``RecommendationService``. Nothing else changes what a service serves: the pipeline and
/// the canary judge (``LifecycleController``) and the admin API record a decision and then synchronise through the
/// applier; `marquee registry` and `marquee experiment` record in the registry, which the applier of every replica
/// polls every `interval` (run as a `Service`).
///
/// Synchronising deploys the recorded production version when another one serves, starts, re-shares or stops the
/// recorded canary, and starts or stops the recorded experiment. A version the service served already is promoted (the
/// canary) or restored (the last one in the history) rather than loaded again. Every replica routes a user the same
/// way, since the routing hashes are salted with names the registry gives (the canary's version, the experiment's
/// name) and the shares are the registry's. A version that fails to load (missing, altered, corrupt) is logged and
/// skipped; what serves keeps serving. One synchronisation runs at a time, in the order they were asked for.
///
/// With a `warmUp` (`marquee serve --precompute`), a version it loads is prepared (its answers computed ahead) before
/// it serves, while the version it replaces keeps serving: a rollout never sends every request to the live path.
public struct DeploymentApplier: Service {
    /// Prepares a loaded version before it serves, e.g. ``PrecomputeService/precomputed(_:logger:)``.
    public typealias WarmUp = @Sendable (ServingModel) async throws -> ServingModel

    /// A part of the deployment that could not be synchronised, and why.
    public struct Failure: Sendable {
        /// A part of the deployment.
        public enum Part: Sendable { case production, canary, experiment }
        /// The part that kept serving as it was.
        public var part: Part
        /// Why.
        public var error: any Error
    }

    /// Where the decisions are recorded.
    public let recorded: RecordedDeployment
    /// The service the decisions are applied to.
    public let service: RecommendationService
    let interval: Duration
    let logger: Logger
    let warmUp: WarmUp?
    private let memory = AppliedMemory()

    /// Creates an applier of the decisions `recorded` to `service`, polling them every `interval` when run.
    public init(
        recorded: RecordedDeployment, service: RecommendationService, interval: Duration = .seconds(1), logger: Logger, warmUp: WarmUp? = nil
    ) {
        self.recorded = recorded
        self.service = service
        self.interval = interval
        self.logger = logger
        self.warmUp = warmUp
    }

    public func run() async throws {
        await repeatUntilShutdown(every: interval) { await synchronise() }
    }

    /// Applies the recorded production version, canary and experiment once. Each is applied on its own: one that fails
    /// leaves the others applied. Models in `loaded` (loaded by whoever recorded the decision) are not loaded again, and
    /// are warmed up only when their answers are not computed yet; `experiment`, when it is the one recorded, serves as it is.
    /// - Returns: the parts that could not be applied (each is logged).
    @discardableResult
    public func synchronise(using loaded: [ServingModel] = [], experiment: RecommendationService.Experiment? = nil) async -> [Failure] {
        await memory.turns.withTurn {
            var failures: [Failure] = []
            do {
                try await synchroniseProduction(loaded)
            } catch {
                logger.error("Synchronisation of production failed; serving continues unchanged", metadata: ["error": "\(error)"])
                failures.append(Failure(part: .production, error: error))
            }
            do {
                try await synchroniseCanary(loaded)
            } catch {
                logger.error("Synchronisation of the canary failed; serving continues unchanged", metadata: ["error": "\(error)"])
                failures.append(Failure(part: .canary, error: error))
            }
            do {
                try await synchroniseExperiment(experiment)
            } catch {
                logger.error("Synchronisation of the experiment failed; serving continues unchanged", metadata: ["error": "\(error)"])
                failures.append(Failure(part: .experiment, error: error))
            }
            return failures
        }
    }

    /// `desired` ready to serve: as loaded by the caller, or loaded here; with a warm-up, prepared, unless prepared
    /// already (its answers computed), so that a version the admin API deployed does not serve cold either.
    private func ready(_ desired: DesiredVersion, _ loaded: [ServingModel]) async throws -> ServingModel {
        let model: ServingModel
        if let handed = loaded.first(where: { $0.version == desired.version }) { model = handed } else { model = try await desired.load() }
        guard let warmUp, model.precomputed == nil else { return model }
        return try await warmUp(model)
    }

    private func synchroniseProduction(_ loaded: [ServingModel]) async throws {
        guard let production = try await recorded.production() else { return }
        let applied = memory.state.withLock { $0.production }
        if let decision = production.decision {
            guard decision != applied else { return }
        } else {
            guard production.version != service.model.version else { return }
        }
        if production.mayReuseServed {
            // A promoted canary is served already: promote it rather than load the same artifact again.
            if service.current.canary?.version == production.version, let promoted = service.promoteCanary() {
                memory.state.withLock { ($0.production, $0.canary) = (production.decision, nil) }
                logger.notice("Promoted the canary, the recorded production version", metadata: ["model.version": "\(promoted.version)"])
                return
            }
            // A rolled-back production: the version served before is restored rather than loaded again.
            if service.history.last?.version == production.version, let restored = service.rollback() {
                memory.state.withLock { $0.production = production.decision }
                logger.notice("Rolled back to the recorded production version", metadata: ["model.version": "\(restored.version)"])
                return
            }
        }
        service.deploy(try await ready(production, loaded))
        memory.state.withLock { $0.production = production.decision }
        logger.notice("Deployed the recorded production version", metadata: ["model.version": "\(production.version)"])
    }

    private func synchroniseCanary(_ loaded: [ServingModel]) async throws {
        let serving = service.current
        guard let canary = try await recorded.canary() else {
            if let stale = serving.canary {
                service.setCanary(nil, share: 0)
                logger.notice("Stopped the canary, no longer one recorded", metadata: ["model.version": "\(stale.version)"])
            }
            return
        }
        let version = canary.model.version
        let applied = memory.state.withLock { $0.canary }
        if let share = canary.share, serving.canary?.version == version, canary.model.decision.map({ $0 == applied }) ?? true {
            if serving.canaryShare != share, service.setCanaryShare(share) {
                logger.notice("Changed the canary's share", metadata: ["model.version": "\(version)", "canary.share": "\(share)"])
            }
            return
        }
        // A canary that could not be served is tried again only once it is recorded anew.
        guard !memory.state.withLock({ $0.skippedCanary == canary.attempt }) else { return }
        do {
            guard let share = canary.share else {
                throw StoreError(.corrupt, "the registry records no share for canary \(version): start it again to record one")
            }
            service.setCanary(try await ready(canary.model, loaded), share: share)
            memory.state.withLock { $0.canary = canary.model.decision }
            logger.notice("Started the recorded canary", metadata: ["model.version": "\(version)", "canary.share": "\(share)"])
        } catch {
            memory.state.withLock { $0.skippedCanary = canary.attempt }
            // The canary served before was ended when this one was recorded: its users get production.
            if let stale = serving.canary {
                service.setCanary(nil, share: 0)
                logger.notice("Stopped the canary, no longer the recorded one", metadata: ["model.version": "\(stale.version)"])
            }
            logger.error(
                "Cannot serve the recorded canary; skipped, serving continues without it",
                metadata: ["model.version": "\(version)", "error": "\(error)"])
        }
    }

    private func synchroniseExperiment(_ loaded: RecommendationService.Experiment?) async throws {
        let running = try await recorded.experiment()
        let serving = service.current.experiment
        let applied = memory.state.withLock { $0.experiment }
        if let running, running.name != serving?.name || running.decision.map({ $0 != applied }) ?? false {
            if let loaded, loaded.name == running.name {
                service.startExperiment(loaded)
            } else {
                service.startExperiment(try await running.load())
            }
            memory.state.withLock { $0.experiment = running.decision }
            logger.notice("Started experiment", metadata: ["experiment": "\(running.name)"])
        } else if running == nil, let serving {
            service.stopExperiment()
            logger.notice("Stopped experiment", metadata: ["experiment": "\(serving.name)"])
        }
    }
}

/// What an applier applied of local decisions, and the canary it could not serve; shared by its copies.
private final class AppliedMemory: Sendable {
    struct State {
        /// The local decisions applied last (`nil` for a registry version, which its name identifies).
        var production: Int?
        var canary: Int?
        var experiment: Int?
        /// The recorded canary that could not be served, so that it is reported once, not at every poll.
        var skippedCanary: String?
    }

    let state = Mutex(State())
    let turns = Turnstile()
}
