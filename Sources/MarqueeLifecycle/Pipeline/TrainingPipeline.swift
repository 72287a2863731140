import Crypto
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeQuality
import MarqueeStore

/// One model the pipeline trains: a kind from ``ModelKinds`` and hyperparameters as text.
public struct CandidateSpec: Hashable, Sendable {
    public var kind: String
    public var parameters: [String: String]

    /// Creates a candidate.
    public init(kind: String, parameters: [String: String] = [:]) {
        self.kind = kind
        self.parameters = parameters
    }
}

/// How ``TrainingPipeline`` runs.
public struct PipelineConfiguration: Sendable {
    /// The models to train and compare.
    public var candidates: [CandidateSpec]
    /// The seed of every model kind that takes one.
    public var seed: UInt64
    /// Who or what started the run, recorded with each version: `manual`, `schedule`, `drift`, ….
    public var trigger: String
    /// Where artifacts are written, as `<version>.mqm`.
    public var modelsDirectory: String
    /// The code that trains.
    public var codeVersion: CodeVersion
    /// The offline split the gate compares on.
    public var split: SplitMethod
    /// The offline score that picks the best candidate and gates it against production.
    public var gateMetric: GateMetric
    /// The gate's tolerance: a candidate passes when its gate score is at least production's × (1 − margin).
    public var gateMargin: Double
    /// The least interactions and users a snapshot must have to train on.
    public var minimumInteractions: Int
    public var minimumUsers: Int
    /// What the data a snapshot adds must satisfy; a failing blocking expectation stops the run before training.
    public var expectations: ExpectationSuite
    /// Finds shilling accounts to leave out of training; `nil` trains on every account.
    public var shillingDefence: ShillingDetector?
    /// Tunes each candidate kind within this budget on a validation split carved from the offline split's training
    /// part before it is evaluated and trained (see ``ModelSearch``); `nil` trains every candidate as given.
    public var search: SearchBudget?
    /// How the search picks configurations (successive halving applies to ALS and BPR; other kinds search at random).
    public var searchStrategy: SearchStrategy = .random
    /// The service's rating scale (``MarqueeCore/ServiceConfiguration``): which ratings are likes and dislikes, in the
    /// split's relevance and in every candidate's feedback rule.
    public var ratingScale: RatingScale = .fiveStars

    /// Creates a configuration.
    public init(
        candidates: [CandidateSpec], seed: UInt64 = 42, trigger: String = "manual", modelsDirectory: String, codeVersion: CodeVersion,
        split: SplitMethod = .defaultGlobal, gateMetric: GateMetric = .default, gateMargin: Double = 0.02, minimumInteractions: Int = 100,
        minimumUsers: Int = 10, expectations: ExpectationSuite = .standard, shillingDefence: ShillingDetector? = ShillingDetector(),
        search: SearchBudget? = nil
    ) {
        self.candidates = candidates
        self.seed = seed
        self.trigger = trigger
        self.modelsDirectory = modelsDirectory
        self.codeVersion = codeVersion
        self.split = split
        self.gateMetric = gateMetric
        self.gateMargin = gateMargin
        self.minimumInteractions = minimumInteractions
        self.minimumUsers = minimumUsers
        self.expectations = expectations
        self.shillingDefence = shillingDefence
        self.search = search
    }
}

/// What one pipeline run did.
public struct PipelineOutcome: Sendable {
    /// The snapshot trained on, when one was taken.
    public var snapshot: SnapshotRecord?
    /// The versions registered, in training order.
    public var registered: [ModelVersionRecord] = []
    /// The version that passed the gate and may go to canary, if any.
    public var chosen: ModelVersionRecord?
    /// One line per step, in order: what it did or why it stopped.
    public var steps: [String] = []
    /// Why the run stopped before choosing a model, if it did; production keeps serving then.
    public var failure: String?
    /// How long each step took, in order (the snapshot, validation, each candidate, the gate; a controller adds its own).
    public var timings: [StepTiming] = []

    /// An outcome with nothing done yet, or one that did nothing because of `failure`.
    public init(failure: String? = nil) {
        self.failure = failure
        if let failure { steps = [failure] }
    }
}

/// Snapshot → data validation → train candidates → offline evaluation → gate → register.
///
/// Each candidate is evaluated on a temporal split of the snapshot, then trained on the whole snapshot, written as an
/// artifact and registered with its provenance. The gate compares the best candidate (by ``GateMetric``) with the production
/// model's configuration retrained on the same split, so neither has seen the other's test period. A failing step
/// stops the run; every run is recorded in the registry with its steps and why it stopped (`marquee registry runs`);
/// it never touches what is serving.
///
/// With ``PipelineConfiguration/search`` set, each candidate is first tuned on a validation split carved from the
/// split's training part only, then evaluated and trained with the chosen values (see `TrainingPipeline+Search.swift`).
public struct TrainingPipeline: Sendable {
    public let store: any EventStore & RegistryStore
    public let configuration: PipelineConfiguration
    /// The lease the run's version registrations are fenced by (the lifecycle leader's); `nil` for a run by hand.
    public let fence: LeaseFence?

    /// Creates a pipeline over `store`; with a `fence`, its versions are registered only while the fence's lease has
    /// not passed to another holder (a registration refused with `StoreError.staleLease` ends the run).
    public init(store: any EventStore & RegistryStore, configuration: PipelineConfiguration, fence: LeaseFence? = nil) {
        self.store = store
        self.configuration = configuration
        self.fence = fence
    }

    /// Runs every step once. `now` is the wall time; `eventTime` the service's time, if known.
    /// - Throws: `StoreError` when the store fails; a failed step is reported in the outcome instead.
    public func run(now: WallTime, eventTime: EventTime? = nil) async throws(StoreError) -> PipelineOutcome {
        let outcome = try await runSteps(now: now, eventTime: eventTime)
        try await store.record(
            run: PipelineRunRecord(
                startedAt: now, eventTime: eventTime, trigger: configuration.trigger, snapshotID: outcome.snapshot?.id,
                chosen: outcome.chosen?.version, failure: outcome.failure, steps: outcome.steps))
        return outcome
    }

    private func runSteps(now: WallTime, eventTime: EventTime?) async throws(StoreError) -> PipelineOutcome {
        var outcome = PipelineOutcome()
        var stopwatch = Stopwatch()
        let snapshot = try await TrainingSnapshot.take(from: store, now: now)
        outcome.timings.append(stopwatch.lap("snapshot"))
        outcome.snapshot = snapshot.record
        outcome.steps.append("snapshot \(snapshot.record.id): \(snapshot.record.rows) interactions up to \(snapshot.record.bounds.eventTimeTo)")

        let users = Set(snapshot.data.interactions.map(\.user)).count
        guard snapshot.record.rows >= configuration.minimumInteractions, users >= configuration.minimumUsers else {
            outcome.failure =
                "validation: the snapshot has \(snapshot.record.rows) interactions of \(users) users; at least \(configuration.minimumInteractions) and \(configuration.minimumUsers) are needed"
            outcome.steps.append(outcome.failure ?? "")
            return outcome
        }
        let validation = try await DataValidator(store: store, expectations: configuration.expectations).validate(snapshot: snapshot.record)
        outcome.timings.append(stopwatch.lap("validation"))
        guard validation.passed else {
            outcome.failure =
                "validation: the data failed blocking expectations (\(validation.expectationsSource)): "
                + validation.blockingFailures.joined(separator: "; ")
            outcome.steps.append(outcome.failure ?? "")
            return outcome
        }
        let warnings = validation.results.filter { $0.status == .failed }.map { "\($0.expectation.metric) \($0.observedDescription)" }
        outcome.steps.append(
            "validation: \(snapshot.record.rows) interactions of \(users) users; \(validation.results.filter { $0.status == .passed }.count) of "
                + "\(validation.results.count) expectations passed" + (warnings.isEmpty ? "" : "; warnings: " + warnings.joined(separator: ", ")))

        var data = snapshot.data
        var excludedAccounts = 0
        if let detector = configuration.shillingDefence {
            let defended = snapshot.excludingShilling(detector)
            data = defended.data
            excludedAccounts = defended.report.suspiciousAccounts.count
            outcome.steps.append(Self.describe(defended.report))
        }

        let split: EvaluationSplit
        do throws(EvaluationError) {
            split = try EvaluationSplit(
                data, configuration: SplitConfiguration(method: configuration.split, rule: FeedbackRule(scale: configuration.ratingScale)))
        } catch {
            outcome.failure = "offline evaluation: \(error.message)"
            outcome.steps.append(outcome.failure ?? "")
            return outcome
        }

        outcome.timings.append(stopwatch.lap("split"))
        let scorer = GateScorer(configuration.gateMetric, split: split, data: data)
        let metric = configuration.gateMetric.label
        var evaluated: [(record: ModelVersionRecord, score: Double)] = []
        var number = try await store.versions().count
        for candidate in configuration.candidates {
            number += 1
            let tuning = tune(candidate.kind, parameters(of: candidate), on: split)
            outcome.steps += tuning.steps
            let parameters = tuning.parameters
            let trained: (model: any Recommender, offline: OfflineEvaluation, score: Double)
            do throws(ModelError) {
                let trainer = try ModelKinds.trainer(kind: candidate.kind, parameters: parameters, ratingScale: configuration.ratingScale)
                let onSplit = try trainer.train(on: split.trainingData)
                let offline = evaluate(onSplit, on: split)
                trained = (try trainer.train(on: data.trainingData()), offline, scorer.score(onSplit, offline: offline))
            } catch {
                outcome.steps.append("training \(candidate.kind) failed: \(error.message)")
                outcome.timings.append(stopwatch.lap(candidate.kind))
                continue
            }
            let record = try await register(
                trained.model, number: &number, candidate: candidate, parameters: parameters, snapshot: snapshot.record,
                metrics: trained.offline.metrics, gateScore: trained.score, excludedAccounts: excludedAccounts, search: tuning.summary, now: now,
                eventTime: eventTime)
            let version = record.version
            outcome.registered.append(record)
            evaluated.append((record, trained.score))
            outcome.timings.append(stopwatch.lap(candidate.kind))
            outcome.steps.append(
                "trained \(version): offline NDCG@20 \(Self.format(trained.offline.metrics.ndcg20)), \(metric) \(Self.format(trained.score)) on the "
                    + "\(configuration.split.kind) split")
        }
        guard let best = evaluated.max(by: { $0.score < $1.score }) else {
            outcome.failure = "training: no candidate could be trained"
            outcome.steps.append(outcome.failure ?? "")
            return outcome
        }

        let baseline: (version: String, score: Double)?
        let production = try await productionBaseline(on: split, scorer: scorer)
        outcome.timings.append(stopwatch.lap("gate"))
        switch production {
        case .success(let value):
            baseline = value
        case .failure(let error):
            outcome.failure = "gate: production could not be retrained on the same split to compare with: \(error.message)"
            outcome.steps.append(outcome.failure ?? "")
            for candidate in evaluated { try await reject(candidate.record.version, "no gate: \(error.message)", now, eventTime) }
            return outcome
        }
        for other in evaluated where other.record.version != best.record.version {
            try await reject(
                other.record.version, "not the best candidate: \(metric) \(Self.format(other.score)) < \(Self.format(best.score))", now, eventTime)
        }
        if let baseline, best.score < baseline.score * (1 - configuration.gateMargin) {
            let reason =
                "failed the offline gate: \(metric) \(Self.format(best.score)) < production \(baseline.version)'s \(Self.format(baseline.score)) retrained on the same split, minus \(Int(configuration.gateMargin * 100)) %"
            try await reject(best.record.version, reason, now, eventTime)
            outcome.failure = "gate: \(best.record.version) \(reason)"
            outcome.steps.append(outcome.failure ?? "")
            return outcome
        }
        let passed =
            baseline.map {
                "passed the offline gate: \(metric) \(Self.format(best.score)) against production \($0.version)'s \(Self.format($0.score))"
            }
            ?? "passed the offline gate: no production model yet"
        try await store.record(StageChange(stage: .candidate, at: now, eventTime: eventTime, reason: passed), for: best.record.version)
        outcome.chosen = try await store.version(best.record.version)
        outcome.steps.append("gate: \(best.record.version) \(passed)")
        return outcome
    }

    /// The security step's line: what the shilling defence left out.
    static func describe(_ report: ShillingReport) -> String {
        guard !report.targeted.isEmpty else { return "security: no shilling found" }
        let targets = report.targeted.map { "\($0.direction == .push ? "pushing" : "pulling down") \($0.movie) (\($0.accounts.count) accounts)" }
        return "security: left \(report.suspiciousAccounts.count) suspicious accounts out of training: " + targets.joined(separator: ", ")
    }

    private func parameters(of candidate: CandidateSpec) -> [String: String] {
        var parameters = candidate.parameters
        if ModelKinds.parameters(of: candidate.kind)?["seed"] != nil, parameters["seed"] == nil {
            parameters["seed"] = String(configuration.seed)
        }
        return parameters
    }

    /// Writes `model`'s artifact and registers it as a candidate with its provenance.
    /// Registers `model` as `v<number>-<kind>`, then writes its artifact. Should another process have registered that
    /// name meanwhile (two pipelines at once), it takes the next free number, updating `number`: the name is claimed
    /// in the registry before the file is written, so no pipeline overwrites another's artifact.
    private func register(
        _ model: any Recommender, number: inout Int, candidate: CandidateSpec, parameters: [String: String], snapshot: SnapshotRecord,
        metrics: MetricSet, gateScore: Double, excludedAccounts: Int, search: String?, now: WallTime, eventTime: EventTime?
    ) async throws(StoreError) -> ModelVersionRecord {
        let bytes: [UInt8]
        do throws(ModelError) {
            bytes = try ModelArtifact.encode(model)
        } catch {
            throw StoreError(.writeFailed, "cannot encode the artifact of a \(candidate.kind) model: \(error.message)")
        }
        var offline: [String: Double] = [:]
        for key in MetricSet.keys { offline[key] = metrics[key] }
        offline[configuration.gateMetric.rawValue] = gateScore
        var hyperparameters = model.descriptor.hyperparameters
        if excludedAccounts > 0 { hyperparameters[TrainingSnapshot.excludedAccountsKey] = String(excludedAccounts) }
        if let search { hyperparameters[Self.searchSummaryKey] = search }
        var attempts = 0
        while true {
            let version = "v\(number)-\(candidate.kind)"
            let path = configuration.modelsDirectory + "/" + version + ".mqm"
            let record = ModelVersionRecord(
                version: version, createdAt: now, kind: candidate.kind, hyperparameters: hyperparameters,
                seed: parameters["seed"].flatMap { UInt64($0) }, codeVersion: configuration.codeVersion.commit,
                codeDirty: configuration.codeVersion.dirty, marqueeVersion: MarqueeRelease.version, snapshotID: snapshot.id, artifactPath: path,
                artifactSHA256: Self.sha256(bytes), offlineMetrics: offline, trigger: configuration.trigger,
                stages: [
                    StageChange(stage: .candidate, at: now, eventTime: eventTime, reason: "trained on \(snapshot.id) (\(configuration.trigger))")
                ])
            do {
                try await store.register(version: record, fence: fence)
            } catch {
                attempts += 1
                guard error.code != .staleLease, attempts < 20, try await store.version(version) != nil else { throw error }
                // Taken by a pipeline running at the same time: the next number after everything registered.
                number = max(number + 1, try await store.versions().count + 1)
                continue
            }
            do throws(ModelError) {
                try ModelArtifact.write(bytes: bytes, to: path)
            } catch {
                try await store.record(
                    StageChange(stage: .rejected, at: now, eventTime: eventTime, reason: "its artifact could not be written"), for: version)
                throw StoreError(.writeFailed, "cannot write the artifact \(path): check the models directory exists and is writable", cause: error)
            }
            return record
        }
    }

    /// Production's configuration retrained on `split`, and its NDCG@20; `nil` without a production model; a failure
    /// when production's configuration no longer trains (the gate cannot be applied then).
    private func productionBaseline(
        on split: EvaluationSplit, scorer: GateScorer
    ) async throws(StoreError) -> Result<(version: String, score: Double)?, ModelError> {
        guard let production = try await store.productionVersion() else { return .success(nil) }
        do throws(ModelError) {
            let model = try ModelKinds.trainer(
                kind: production.kind, parameters: production.retrainingParameters, ratingScale: configuration.ratingScale
            ).train(on: split.trainingData)
            return .success((production.version, scorer.score(model, offline: evaluate(model, on: split))))
        } catch {
            return .failure(error)
        }
    }

    private func reject(_ version: String, _ reason: String, _ now: WallTime, _ eventTime: EventTime?) async throws(StoreError) {
        try await store.record(StageChange(stage: .rejected, at: now, eventTime: eventTime, reason: reason), for: version)
    }

    /// SHA-256 (hex) of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
