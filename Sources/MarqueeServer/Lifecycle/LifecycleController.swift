import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

/// Runs a model's life on a live service: retraining through ``TrainingPipeline``, the canary of every chosen
/// candidate with an automatic promote-or-roll-back decision, and A/B experiments. Every change of what serves is
/// recorded in the registry with its reason and evidence, then applied through the service's ``DeploymentApplier``
/// (the one path from decisions to serving, which every other replica's applier follows too); a failed step leaves
/// production serving.
public actor LifecycleController {
    /// The controller's settings.
    public struct Configuration: Sendable {
        /// How the pipeline trains and gates candidates.
        public var pipeline: PipelineConfiguration
        /// The share of users a new candidate serves first.
        public var canaryShare: Double
        /// When a canary is promoted or rolled back.
        public var judge: CanaryJudge
        /// How the online metric is computed.
        public var online: OnlineEvaluationConfiguration

        /// Creates settings; the canary share defaults to 5 %.
        public init(
            pipeline: PipelineConfiguration, canaryShare: Double = 0.05, judge: CanaryJudge = .init(), online: OnlineEvaluationConfiguration = .init()
        ) {
            self.pipeline = pipeline
            self.canaryShare = canaryShare
            self.judge = judge
            self.online = online
        }
    }

    /// A running canary.
    public struct Canary: Sendable {
        /// The canary's model version.
        public var version: String
        /// The event time it started serving; its online metric counts answers from then on.
        public var since: EventTime
        /// The wall time it started serving: only telemetry from then on is joined.
        public var startedAt: WallTime
    }

    /// Where events, telemetry, the registry and experiments are kept.
    public let store: any EventStore & RegistryStore & TelemetryStore & ExperimentStore
    /// Applies the registry's decisions to the service this controller runs.
    public let applier: DeploymentApplier
    /// The service whose deployment this controller decides.
    public nonisolated var service: RecommendationService { applier.service }
    /// The controller's settings.
    public let configuration: Configuration
    /// The running canary, if any.
    public private(set) var canary: Canary?
    /// The running experiment, if any.
    public private(set) var experiment: ExperimentRecord?
    /// Whether a retraining is under way (the actor may interleave other calls while it awaits).
    private var retraining = false
    /// The lifecycle lease's fence that this controller's registry writes carry while its process leads (see
    /// ``lead(with:)``); `nil` when it acts alone.
    public private(set) var fence: LeaseFence?

    /// Creates a controller of the service `applier` applies decisions to, with `store` holding events, telemetry and
    /// the registry (the one `applier` follows).
    public init(
        store: any EventStore & RegistryStore & TelemetryStore & ExperimentStore, applier: DeploymentApplier, configuration: Configuration
    ) {
        self.store = store
        self.applier = applier
        self.configuration = configuration
    }

    /// Makes the registry writes from now on (stage changes, the pipeline's version registrations, experiments) carry
    /// `fence` (the lifecycle lease this process took, see ``LifecycleLeadership/fence``): the store refuses them with
    /// `StoreError.staleLease` once another process has taken the lease over, so a leader paused past its lease's
    /// expiry cannot overrule the new leader's decisions.
    public func lead(with fence: LeaseFence?) {
        self.fence = fence
    }

    /// Runs the pipeline; the chosen candidate goes to production directly when nothing registered serves yet, and to
    /// a canary otherwise. Nothing changes while a canary runs: that is the outcome's failure then.
    /// - Throws: `StoreError` when the store fails, `ModelError` when the chosen artifact cannot be loaded.
    public func retrain(now: WallTime, eventTime: EventTime, trigger: String) async throws -> PipelineOutcome {
        if let canary {
            return PipelineOutcome(failure: "canary \(canary.version) is still being judged; retraining waits")
        }
        guard !retraining else { return PipelineOutcome(failure: "another retraining is under way") }
        retraining = true
        defer { retraining = false }
        var pipeline = configuration.pipeline
        pipeline.trigger = trigger
        var outcome = try await TrainingPipeline(store: store, configuration: pipeline, fence: fence).run(now: now, eventTime: eventTime)
        guard let chosen = outcome.chosen else { return outcome }
        var stopwatch = Stopwatch()
        let model = try await ServingModel.load(chosen, from: store)
        if try await store.productionVersion() == nil {
            try await record(.production, chosen.version, "first model: nothing registered served before", now, eventTime)
            await applier.synchronise(using: [model])
            outcome.timings.append(stopwatch.lap("deploy"))
            outcome.steps.append("deployed \(chosen.version) to production: first model")
        } else {
            try await store.startCanary(
                chosen.version, share: configuration.canaryShare, at: now, eventTime: eventTime,
                reason: "serving \(Int(configuration.canaryShare * 100)) % of users", fence: fence)
            await applier.synchronise(using: [model])
            outcome.timings.append(stopwatch.lap("canary start"))
            canary = Canary(version: chosen.version, since: eventTime, startedAt: now)
            outcome.steps.append("started canary \(chosen.version) for \(Int(configuration.canaryShare * 100)) % of users")
        }
        return outcome
    }

    /// Picks up where a previous process left the registry: serves the registered production version (checksum
    /// verified), and, with `closingCanary`, rolls back a version left at canary, since its judgement was interrupted.
    /// A process starting beside a live leader (see ``LifecycleLeadership``) passes `false`: the canary is the
    /// leader's to judge. Returns what it did.
    public func resume(now: WallTime, closingCanary: Bool = true) async throws -> [String] {
        var done: [String] = []
        let versions = try await store.versions()
        for stale in versions where closingCanary && stale.stage == .canary {
            try await record(.rejected, stale.version, "rolled back: the server restarted before the canary was judged", now, nil)
            done.append("rolled back \(stale.version), a canary interrupted by the restart")
        }
        if let production = try await store.productionVersion(), production.version != service.model.version {
            let failures = await applier.synchronise()
            if let failure = failures.first(where: { $0.part == .production }) {
                done.append("cannot serve \(production.version): \(failure.error); serving \(service.model.version)")
            } else {
                done.append("serving \(production.version), the registered production version")
            }
        }
        return done
    }

    /// Takes the registry's canary as the one this controller judges, so that a canary started, promoted or stopped
    /// elsewhere (a replica's admin API, `marquee registry promote`) is followed rather than judged from memory: with
    /// none in the registry, none is judged (and retraining may go on); a canary started elsewhere is judged on the
    /// answers from its start (its recorded event time, else `eventTime`). The service follows the registry through its
    /// ``DeploymentApplier``. Returns what changed, if anything.
    @discardableResult
    public func followRegistryCanary(eventTime: EventTime) async throws -> String? {
        let registered = try await store.canaryVersion()
        guard registered?.version != canary?.version else { return nil }
        let before = canary?.version
        if let registered {
            // The canary's first stage change of its current run: share changes record further canary stages.
            let start = registered.stages.reversed().prefix { $0.stage == .canary }.last
            canary = Canary(version: registered.version, since: start?.eventTime ?? eventTime, startedAt: start?.at ?? WallTime(microseconds: 0))
        } else {
            canary = nil
        }
        return "the registry's canary is \(registered?.version ?? "none") (was \(before ?? "none"))"
    }

    /// Serves registered `version` as a canary without the pipeline (e.g. a hand-built candidate).
    public func startCanary(version: String, now: WallTime, eventTime: EventTime) async throws {
        guard let record = try await store.version(version) else {
            throw StoreError(.notFound, "model version \(version) is not registered; see `marquee registry list`")
        }
        let model = try await ServingModel.load(record, from: store)
        try await store.startCanary(
            version, share: configuration.canaryShare, at: now, eventTime: eventTime,
            reason: "serving \(Int(configuration.canaryShare * 100)) % of users (started by hand)", fence: fence)
        await applier.synchronise(using: [model])
        canary = Canary(version: version, since: eventTime, startedAt: now)
    }

    /// Judges the running canary from the online metric of the answers since it started (see ``CanaryJudge``):
    /// promotes it, rolls it back, or waits. `nil` without a canary.
    public func judgeCanary(now: WallTime, eventTime: EventTime) async throws -> CanaryJudge.Decision? {
        guard let canary else { return nil }
        let report = try await OnlineReportLoader(store: store, configuration: configuration.online).report(
            since: canary.since, telemetryFrom: canary.startedAt)
        let canaryGroup = report.group(route: Route.canary.text)
        let productionGroup = report.group(route: Route.production.text)
        let telemetry = try await store.telemetry(since: canary.startedAt).filter {
            $0.route == .canary && $0.modelVersion == canary.version
        }
        let fallbackShare = telemetry.isEmpty ? 0 : Double(telemetry.filter(\.usedFallback).count) / Double(telemetry.count)
        let latencies = telemetry.map(\.latencyMicroseconds).sorted()
        // Nearest rank: the smallest latency at or above which 99 % of the answers lie.
        let rank = Int((Double(latencies.count) * 0.99).rounded(.up)) - 1
        let p99 = latencies.isEmpty ? 0 : Double(latencies[max(0, min(latencies.count - 1, rank))]) / 1_000
        let empty = try ProportionEstimate(successes: 0, trials: 0)
        let decision = configuration.judge.judge(
            canary: canaryGroup?.followed ?? empty, production: productionGroup?.followed ?? empty,
            userLevel: report.userLevelComparison(control: Route.production.text, treatment: Route.canary.text), canaryFallbackShare: fallbackShare,
            canaryLatencyP99Milliseconds: p99)
        // The actor may have run other calls during the awaits above: act only if this canary still runs.
        guard self.canary?.version == canary.version, service.current.canary?.version == canary.version else { return .wait("the canary changed") }
        switch decision {
        case .wait:
            break
        case .promote(let evidence):
            try await store.promoteCanary(canary.version, at: now, eventTime: eventTime, reason: "promoted: \(evidence)", fence: fence)
            self.canary = nil
            await applier.synchronise()
        case .rollBack(let evidence):
            try await store.endCanary(canary.version, at: now, eventTime: eventTime, reason: "rolled back: \(evidence)", fence: fence)
            self.canary = nil
            await applier.synchronise()
        }
        return decision
    }

    /// Starts an A/B experiment between registered versions for every user outside the canary, and registers it.
    /// - Parameter plannedPerArm: the answers per arm fixed in advance; no winner is declared before.
    public func startExperiment(
        name: String, control: String, treatment: String, share: Double, plannedPerArm: Int, now: WallTime, eventTime: EventTime
    ) async throws {
        let record = ExperimentRecord(
            name: name, control: control, treatment: treatment, share: share, plannedPerArm: plannedPerArm, startedAt: now, since: eventTime)
        // Load both arms first: an arm that cannot be served must not leave a running experiment in the store.
        let serving = try await Self.servingExperiment(record, from: store)
        try await store.start(experiment: record, fence: fence)
        experiment = record
        await applier.synchronise(experiment: serving)
    }

    /// The running experiment's report; `nil` without an experiment.
    public func experimentReport() async throws -> ExperimentReport? {
        guard let experiment else { return nil }
        return try await ExperimentReport.of(experiment, in: store, configuration: configuration.online)
    }

    /// Ends the running experiment; its users get production again. Returns it.
    @discardableResult
    public func stopExperiment(now: WallTime) async throws -> ExperimentRecord? {
        guard let experiment else { return nil }
        try await store.stopExperiment(named: experiment.name, at: now, fence: fence)
        self.experiment = nil
        await applier.synchronise()
        return experiment
    }

    /// The serving form of `record`: both arms loaded from the registry, checksums verified.
    public static func servingExperiment(
        _ record: ExperimentRecord, from store: any EventStore & RegistryStore
    ) async throws -> RecommendationService.Experiment {
        guard let control = try await store.version(record.control), let treatment = try await store.version(record.treatment) else {
            throw StoreError(.notFound, "experiment \(record.name): \(record.control) or \(record.treatment) is not registered")
        }
        let watched = try await TrainingDataLoader(store: store).load().watchedMovies()
        return RecommendationService.Experiment(
            name: record.name, control: try await ServingModel.load(control, watched: watched, store: store),
            treatment: try await ServingModel.load(treatment, watched: watched, store: store), treatmentShare: record.share)
    }

    private func record(_ stage: ModelStage, _ version: String, _ reason: String, _ now: WallTime, _ eventTime: EventTime?) async throws {
        let change = VersionStageChange(version, StageChange(stage: stage, at: now, eventTime: eventTime, reason: reason))
        try await store.changeStages("recording \(version) as \(stage.rawValue)", fence: fence) { _ throws(StoreError) in [change] }
    }
}
