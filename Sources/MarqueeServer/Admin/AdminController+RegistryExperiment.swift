import Hummingbird
import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

/// A/B experiments on a server that follows a registry: the experiment is registered (as `marquee experiment start`
/// registers it) or stopped there first, then applied here through the server's ``DeploymentApplier``, and every
/// other replica's applier applies it at its next poll, routing each user to the same arm. Its arms must be registered versions.
extension AdminController {
    /// Answers per arm planned when the request names none: enough to detect a 5-point difference in follow-through
    /// from a 30 % baseline at 80 % power, as `marquee experiment start` plans by default.
    static var defaultPlannedPerArm: Int { (try? requiredSampleSize(baseline: 0.3, effect: 0.05)) ?? 1_000 }

    /// `POST /admin/experiment`: registers and starts the experiment (the running one, if any, is stopped first), with
    /// the registered versions its artifacts name, loaded from the registry's artifacts (checksums checked).
    func startRegisteredExperiment(_ wanted: ExperimentRequest, registry: any FollowedRegistry) async throws(Refusal) -> Response {
        let planned = wanted.planned ?? Self.defaultPlannedPerArm
        guard planned >= 1 else { throw Refusal(#""planned" (answers per arm) must be at least 1"#, .badRequest) }
        let experiments = try await reading { () async throws(StoreError) in try await registry.experiments() }
        guard !experiments.contains(where: { $0.name == wanted.name }) else {
            throw Refusal("the registry has an experiment named \(wanted.name) already: choose another name", .conflict)
        }
        let running = experiments.last { $0.stoppedAt == nil }
        var control = wanted.control.map(Self.version(of:))
        if control == nil { control = try await reading { () async throws(StoreError) in try await registry.productionVersion()?.version } }
        guard let control else { throw Refusal(#"the registry has no production version: name the control arm with "control""#, .conflict) }
        let since = try await reading { () async throws(StoreError) in try await registry.currentSnapshotBounds().eventTimeTo }
        let record = ExperimentRecord(
            name: wanted.name, control: control, treatment: Self.version(of: wanted.treatment), share: wanted.share,
            plannedPerArm: planned, startedAt: .now, since: since)
        let experiment: RecommendationService.Experiment
        do {
            experiment = try await LifecycleController.servingExperiment(record, from: registry)
        } catch let error as StoreError where error.code == .notFound {
            throw Refusal("\(error.message): register it first; nothing changed", .conflict)
        } catch {
            throw Refusal("refused experiment \(record.name): \(error); nothing changed", .unprocessableContent)
        }
        if let running {
            try await recording { () async throws(StoreError) in try await registry.stopExperiment(named: running.name, at: record.startedAt) }
        }
        try await recording { () async throws(StoreError) in try await registry.start(experiment: record) }
        await applier.synchronise(experiment: experiment)
        let note = running.map { " (replaces experiment \($0.name))" } ?? ""
        return .plainText(
            "experiment \(record.name): \(record.treatment) for \(Self.percent(record.share)) of users, \(record.control) for the rest, "
                + "\(planned) answers per arm planned\(note), on every replica following the registry")
    }

    /// `POST /admin/experiment/stop`: records the registry's running experiment as stopped, then stops it here.
    func stopRegisteredExperiment(registry: any FollowedRegistry) async throws(Refusal) -> Response {
        let running = try await reading { () async throws(StoreError) in try await registry.runningExperiment() }
        guard let running else { throw Refusal("there is no experiment", .conflict) }
        try await recording { () async throws(StoreError) in
            try await registry.stopExperiment(named: running.name, at: .now)
        }
        await applier.synchronise()
        return .plainText(
            "experiment \(running.name) stopped; serving \(service.model.version) to its users, on every replica following the registry")
    }
}
