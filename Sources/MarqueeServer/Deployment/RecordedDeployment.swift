import MarqueeCore
import MarqueeStore

/// A store a server follows: its registry (production, canary) and experiments, beside its events.
public typealias FollowedRegistry = EventStore & RegistryStore & ExperimentStore

/// Where the decisions about what a server serves are recorded, for its ``DeploymentApplier`` to apply: the registry
/// every replica follows, or, for a server without one (`marquee serve` without `--registry-poll`), this server's own
/// ``LocalDeployment``. Whoever decides (the pipeline, the canary judge, the admin API, `marquee registry` and
/// `marquee experiment`) records here; only the applier changes what the service serves.
public enum RecordedDeployment: Sendable {
    /// The registry's production version, canary and running experiment.
    case registry(any FollowedRegistry)
    /// The decisions of this server's admin API, kept in memory.
    case local(LocalDeployment)

    /// The production version recorded, if one is.
    func production() async throws -> DesiredVersion? {
        switch self {
        case .registry(let store):
            guard let record = try await store.productionVersion() else { return nil }
            return DesiredVersion(registered: record, in: store)
        case .local(let local):
            return local.recorded.production
        }
    }

    /// The canary recorded, if one is.
    func canary() async throws -> DesiredCanary? {
        switch self {
        case .registry(let store):
            guard let record = try await store.canaryVersion() else { return nil }
            return DesiredCanary(
                model: DesiredVersion(registered: record, in: store), share: record.canaryShare,
                attempt: "\(record.version)@\(record.stages.last?.at.microseconds ?? 0)")
        case .local(let local):
            return local.recorded.canary
        }
    }

    /// The experiment recorded as running, if one is.
    func experiment() async throws -> DesiredExperiment? {
        switch self {
        case .registry(let store):
            guard let running = try await store.runningExperiment() else { return nil }
            return DesiredExperiment(name: running.name, decision: nil) {
                try await LifecycleController.servingExperiment(running, from: store)
            }
        case .local(let local):
            return local.recorded.experiment
        }
    }
}

/// A model a recorded decision says should serve, and how to load it.
public struct DesiredVersion: Sendable {
    /// The version's name.
    public let version: String
    /// The local decision that chose it, or `nil` for a registry version, which its name identifies (a registered
    /// version never changes). A local artifact may be replaced under the same name, so the decision, not the name,
    /// says whether it is applied.
    let decision: Int?
    /// Whether a model of this name serving already (the canary, the last one in the history) is this model, so that
    /// it is promoted or restored rather than loaded again.
    let mayReuseServed: Bool
    /// Loads the model (checksum checked for a registry version).
    let load: @Sendable () async throws -> ServingModel

    init(version: String, decision: Int?, mayReuseServed: Bool, load: @escaping @Sendable () async throws -> ServingModel) {
        self.version = version
        self.decision = decision
        self.mayReuseServed = mayReuseServed
        self.load = load
    }

    init(registered record: ModelVersionRecord, in store: any FollowedRegistry) {
        self.init(version: record.version, decision: nil, mayReuseServed: true) { try await ServingModel.load(record, from: store) }
    }
}

/// A canary a recorded decision says should serve.
public struct DesiredCanary: Sendable {
    /// The canary's model.
    let model: DesiredVersion
    /// The share of users it serves; `nil` when the registry recorded none (a corrupt record).
    let share: Double?
    /// Names this recording of the canary: one that could not be served is tried again only once recorded anew.
    let attempt: String
}

/// An A/B experiment a recorded decision says should run.
public struct DesiredExperiment: Sendable {
    /// The experiment's name.
    public let name: String
    /// The local decision that started it, or `nil` for a registry experiment, which its name identifies.
    let decision: Int?
    /// Loads both arms.
    let load: @Sendable () async throws -> RecommendationService.Experiment
}
