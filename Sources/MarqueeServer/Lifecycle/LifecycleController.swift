import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

/// Runs a model's life on a live service: retraining through ``TrainingPipeline``, the canary of every chosen
/// candidate with an automatic promote-or-roll-back decision, and A/B experiments. Every change of what serves is
/// recorded in the registry with its reason and evidence; a failed step leaves production serving.
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
        public var version: String
        /// The event time it started serving; its online metric counts answers from then on.
        public var since: EventTime
    }

    /// A running experiment.
    public struct Experiment: Sendable {
        public var name: String
        public var control: String
        public var treatment: String
        public var since: EventTime
        public var plannedPerArm: Int
    }

    public let store: any EventStore & RegistryStore & TelemetryStore
    public let service: RecommendationService
    public let configuration: Configuration
    public private(set) var canary: Canary?
    public private(set) var experiment: Experiment?

    /// Creates a controller of `service`, with `store` holding events, telemetry and the registry.
    public init(store: any EventStore & RegistryStore & TelemetryStore, service: RecommendationService, configuration: Configuration) {
        self.store = store
        self.service = service
        self.configuration = configuration
    }

    /// Runs the pipeline; the chosen candidate goes to production directly when nothing registered serves yet, and to
    /// a canary otherwise. Nothing changes while a canary runs: that is the outcome's failure then.
    /// - Throws: `StoreError` when the store fails, `ModelError` when the chosen artifact cannot be loaded.
    public func retrain(now: Int64, eventTime: EventTime, trigger: String) async throws -> PipelineOutcome {
        if let canary {
            return PipelineOutcome(failure: "canary \(canary.version) is still being judged; retraining waits")
        }
        var pipeline = configuration.pipeline
        pipeline.trigger = trigger
        var outcome = try await TrainingPipeline(store: store, configuration: pipeline).run(now: now, eventTime: eventTime)
        guard let chosen = outcome.chosen else { return outcome }
        let model = try ServingModel.load(chosen, watched: try await TrainingDataLoader(store: store).load().watchedMovies())
        if try await store.productionVersion() == nil {
            service.deploy(model)
            try await record(.production, chosen.version, "first model: nothing registered served before", now, eventTime)
            outcome.steps.append("deployed \(chosen.version) to production: first model")
        } else {
            service.setCanary(model, share: configuration.canaryShare)
            canary = Canary(version: chosen.version, since: eventTime)
            try await record(.canary, chosen.version, "serving \(Int(configuration.canaryShare * 100)) % of users", now, eventTime)
            outcome.steps.append("started canary \(chosen.version) for \(Int(configuration.canaryShare * 100)) % of users")
        }
        return outcome
    }

    /// Serves registered `version` as a canary without the pipeline (e.g. a hand-built candidate).
    public func startCanary(version: String, now: Int64, eventTime: EventTime) async throws {
        guard let record = try await store.version(version) else {
            throw StoreError(.notFound, "model version \(version) is not registered; see `marquee registry list`")
        }
        let model = try ServingModel.load(record, watched: try await TrainingDataLoader(store: store).load().watchedMovies())
        service.setCanary(model, share: configuration.canaryShare)
        canary = Canary(version: version, since: eventTime)
        try await self.record(.canary, version, "serving \(Int(configuration.canaryShare * 100)) % of users (started by hand)", now, eventTime)
    }

    /// Judges the running canary from the online metric of the answers since it started (see ``CanaryJudge``):
    /// promotes it, rolls it back, or waits. `nil` without a canary.
    public func judgeCanary(now: Int64, eventTime: EventTime) async throws -> CanaryJudge.Decision? {
        guard let canary else { return nil }
        let report = try await OnlineReportLoader(store: store, configuration: configuration.online).report(since: canary.since)
        let canaryGroup = report.group(route: "canary")
        let productionGroup = report.group(route: "production")
        let telemetry = try await store.telemetry(of: nil).filter { $0.route == "canary" && $0.modelVersion == canary.version }
        let fallbackShare = telemetry.isEmpty ? 0 : Double(telemetry.filter(\.usedFallback).count) / Double(telemetry.count)
        let empty = try ProportionEstimate(successes: 0, trials: 0)
        let decision = configuration.judge.judge(
            canary: canaryGroup?.followed ?? empty, production: productionGroup?.followed ?? empty,
            userLevel: report.userLevelComparison(control: "production", treatment: "canary"), canaryFallbackShare: fallbackShare)
        switch decision {
        case .wait:
            break
        case .promote(let evidence):
            let previous = service.model.version
            _ = service.promoteCanary()
            self.canary = nil
            try await record(.production, canary.version, "promoted: \(evidence)", now, eventTime)
            if try await store.version(previous) != nil {
                try await record(.retired, previous, "replaced by \(canary.version)", now, eventTime)
            }
        case .rollBack(let evidence):
            service.setCanary(nil, share: 0)
            self.canary = nil
            try await record(.rejected, canary.version, "rolled back: \(evidence)", now, eventTime)
        }
        return decision
    }

    /// Starts an A/B experiment between registered versions for every user outside the canary.
    /// - Parameter plannedPerArm: the answers per arm fixed in advance; no winner is declared before.
    public func startExperiment(
        name: String, control: String, treatment: String, share: Double, plannedPerArm: Int, eventTime: EventTime
    ) async throws {
        let watched = try await TrainingDataLoader(store: store).load().watchedMovies()
        guard let controlRecord = try await store.version(control), let treatmentRecord = try await store.version(treatment) else {
            throw StoreError(.notFound, "experiment \(name): \(control) or \(treatment) is not registered; see `marquee registry list`")
        }
        service.startExperiment(
            RecommendationService.Experiment(
                name: name, control: try ServingModel.load(controlRecord, watched: watched),
                treatment: try ServingModel.load(treatmentRecord, watched: watched), treatmentShare: share))
        experiment = Experiment(name: name, control: control, treatment: treatment, since: eventTime, plannedPerArm: plannedPerArm)
    }

    /// The running experiment's analysis: each arm's follow-through and ratings, the z-test, the minimum detectable
    /// effect, and whether the planned size is reached. `nil` without an experiment.
    public func experimentAnalysis() async throws -> ExperimentAnalysis? {
        guard let experiment else { return nil }
        let prefix = "ab:\(experiment.name):"
        let report = try await OnlineReportLoader(store: store, configuration: configuration.online).report(since: experiment.since) {
            $0.hasPrefix(prefix)
        }
        let empty = try ProportionEstimate(successes: 0, trials: 0)
        let control = report.group(route: prefix + "control")
        let treatment = report.group(route: prefix + "treatment")
        return try ExperimentAnalysis(
            control: control?.followed ?? empty, treatment: treatment?.followed ?? empty, plannedPerArm: experiment.plannedPerArm)
    }

    /// Ends the running experiment; its users get production again. Returns it.
    @discardableResult
    public func stopExperiment() -> Experiment? {
        service.stopExperiment()
        defer { experiment = nil }
        return experiment
    }

    private func record(_ stage: ModelStage, _ version: String, _ reason: String, _ now: Int64, _ eventTime: EventTime) async throws {
        try await store.record(StageChange(stage: stage, at: now, eventTime: eventTime, reason: reason), for: version)
    }
}
