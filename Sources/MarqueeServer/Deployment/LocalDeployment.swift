import Synchronization

/// The recorded deployment of a server that follows no registry: what its admin API decided, kept in memory, for the
/// server's ``DeploymentApplier`` to apply. Nothing is recorded until a decision is: the server serves the model it
/// started with until then.
public final class LocalDeployment: Sendable {
    /// The decisions recorded so far.
    struct Recorded: Sendable {
        var production: DesiredVersion?
        var canary: DesiredCanary?
        var experiment: DesiredExperiment?
        /// The number of the last decision, so that each one is applied once.
        var decisions = 0
    }

    private let state = Mutex(Recorded())

    /// Creates an empty record.
    public init() {}

    /// The decisions recorded so far.
    var recorded: Recorded { state.withLock { $0 } }

    /// Records `model` as production, loaded anew even when a model of its name served before.
    public func deploy(_ model: ServingModel) {
        state.withLock { $0.production = Self.desired(model, decision: &$0.decisions, mayReuseServed: false) }
    }

    /// Records the serving canary `model` as production, for everyone: the canary ends.
    public func promote(_ model: ServingModel) {
        state.withLock { recorded in
            recorded.production = Self.desired(model, decision: &recorded.decisions, mayReuseServed: true)
            recorded.canary = nil
        }
    }

    /// Records `model`, the production model served before the current one, as production again: a rollback.
    public func restore(_ model: ServingModel) {
        state.withLock { $0.production = Self.desired(model, decision: &$0.decisions, mayReuseServed: true) }
    }

    /// Records `model` as the canary for `share` of users; `nil` ends the canary.
    public func setCanary(_ model: ServingModel?, share: Double) {
        state.withLock { recorded in
            guard let model else {
                recorded.canary = nil
                return
            }
            let desired = Self.desired(model, decision: &recorded.decisions, mayReuseServed: false)
            recorded.canary = DesiredCanary(model: desired, share: share, attempt: "\(recorded.decisions)")
        }
    }

    /// Records the canary's new share; `false` when no canary is recorded.
    public func setCanaryShare(_ share: Double) -> Bool {
        state.withLock { recorded in
            guard let canary = recorded.canary else { return false }
            recorded.canary = DesiredCanary(model: canary.model, share: share, attempt: canary.attempt)
            return true
        }
    }

    /// Records `experiment` as running, replacing any other.
    public func startExperiment(_ experiment: RecommendationService.Experiment) {
        state.withLock { recorded in
            recorded.decisions += 1
            recorded.experiment = DesiredExperiment(name: experiment.name, decision: recorded.decisions) { experiment }
        }
    }

    /// Records that no experiment runs.
    public func stopExperiment() {
        state.withLock { $0.experiment = nil }
    }

    private static func desired(_ model: ServingModel, decision: inout Int, mayReuseServed: Bool) -> DesiredVersion {
        decision += 1
        return DesiredVersion(version: model.version, decision: decision, mayReuseServed: mayReuseServed) { model }
    }
}
