import MarqueeCore
import MarqueeModels

/// A budgeted search (random, or successive halving: ``SearchStrategy``) over one model kind's hyperparameters, scored by NDCG@20 on a validation split carved
/// from the training part of a split: the test part is never read, so the chosen configuration's test score stays an
/// honest estimate.
///
/// Trial 0 is the base configuration, so the search never chooses worse on validation than not searching; trial n
/// overrides the base with ``MarqueeModels/SearchSpace/sample(seed:trial:)``. The same seed gives the same trials and,
/// when the trial budget binds first, the same choice.
public struct ModelSearch: Sendable {
    /// Makes the trainer of a kind with hyperparameters as text (``MarqueeModels/ModelKinds/trainer(kind:parameters:)``).
    public typealias TrainerFactory = @Sendable (_ kind: String, _ parameters: [String: String]) throws(ModelError) -> any RecommenderTrainer
    /// Scores a model trained on a validation split's training data on that split's test users.
    public typealias Scorer = @Sendable (_ model: any Recommender, _ validation: EvaluationSplit) -> Double

    /// The model kind.
    public var kind: String
    /// The hyperparameters sampled.
    public var space: SearchSpace
    /// Hyperparameters every trial starts from (e.g. `seed`, `threads`); trial 0 uses them alone.
    public var baseParameters: [String: String]
    /// Trials and seconds.
    public var budget: SearchBudget
    /// The seed of the samples.
    public var seed: UInt64
    /// How configurations are picked; ``SearchStrategy/halving`` applies to kinds whose space has `iterations`.
    public var strategy: SearchStrategy
    /// How to carve the validation split from the training part; `nil` uses the given split's method.
    public var validation: SplitMethod?
    /// Makes each trial's trainer.
    public var makeTrainer: TrainerFactory
    /// Scores each trial.
    public var score: Scorer

    /// Creates a search of `kind` over its declared search space, ``MarqueeModels/ModelKinds/searchSpace(of:)`` (or `space`).
    /// - Throws: ``EvaluationError`` `.invalidConfiguration` for a kind without a search space or a budget that cannot
    ///   run a trial.
    public init(
        kind: String, space: SearchSpace? = nil, baseParameters: [String: String] = [:], budget: SearchBudget = .init(), seed: UInt64 = 42,
        strategy: SearchStrategy = .random, validation: SplitMethod? = nil,
        makeTrainer: @escaping TrainerFactory = { kind, parameters throws(ModelError) in try ModelKinds.trainer(kind: kind, parameters: parameters)
        },
        score: @escaping Scorer = { model, split in evaluate(model, on: split).metrics.ndcg20 }
    ) throws(EvaluationError) {
        guard let space = space ?? ModelKinds.searchSpace(of: kind) else {
            let searchable = ModelKinds.names.filter { ModelKinds.searchSpace(of: $0) != nil }
            throw EvaluationError(
                .invalidConfiguration, "model kind '\(kind)' has no search space; choose one of: \(searchable.joined(separator: ", "))")
        }
        try budget.validate()
        self.kind = kind
        self.space = space
        self.baseParameters = baseParameters
        self.budget = budget
        self.seed = seed
        self.strategy = strategy
        self.validation = validation
        self.makeTrainer = makeTrainer
        self.score = score
    }

    /// The hyperparameters of trial `number`: the base's, overridden by the space's sample unless it is trial 0.
    public func parameters(ofTrial number: Int) -> [String: String] {
        number == 0 ? baseParameters : baseParameters.merging(space.sample(seed: seed, trial: number)) { _, sampled in sampled }
    }

    /// Runs trials on a validation split carved from `split`'s training part until the budget is spent, timing with
    /// `clock`, and returns them with the best.
    /// - Throws: ``EvaluationError``: `.insufficientData` when the training part cannot be split; `.model` when no
    ///   trial trains, with the first trial's failure.
    public func run(tuningOn split: EvaluationSplit, clock: some Clock<Duration> = ContinuousClock()) throws(EvaluationError) -> SearchResult {
        let method = validation ?? split.configuration.method
        let validationSplit = try split.validationSplit(method: method)
        let start = clock.now
        var run = TrialRun(budget: budget, elapsedSeconds: { start.duration(to: clock.now).inSeconds })
        let finalists: Set<Int>
        let strategyUsed: SearchStrategy
        if strategy == .halving, let rungs = halvingRungs {
            strategyUsed = .halving
            finalists = halve(rungs: rungs, into: &run) { number, parameters in trial(number, parameters, on: validationSplit, clock: clock) }
        } else {
            strategyUsed = .random
            for number in 0..<budget.trials {
                guard run.mayStart(number: number) else { break }
                run.trials.append(trial(number, parameters(ofTrial: number), on: validationSplit, clock: clock))
            }
            finalists = Set(run.trials.indices)
        }
        let scored = run.trials.indices.filter { finalists.contains($0) && run.trials[$0].validationNDCG20 != nil }.map { run.trials[$0] }
        // The highest score; on ties the earliest trial, so the base wins unless a sample is strictly better.
        guard let best = scored.max(by: { ($0.validationNDCG20 ?? 0, -$0.number) < ($1.validationNDCG20 ?? 0, -$1.number) }) else {
            throw EvaluationError(
                .model,
                "no trial of the \(kind) search could be trained: \(run.trials.first?.failure ?? "no trial ran"); check its base hyperparameters")
        }
        return SearchResult(
            kind: kind, space: space, seed: seed, budget: budget, validation: method, validationUsers: validationSplit.cases.count,
            trials: run.trials, best: best, stoppedBy: run.stoppedBy, strategy: strategyUsed)
    }

    private func trial(
        _ number: Int, _ parameters: [String: String], on validationSplit: EvaluationSplit, clock: some Clock<Duration>
    ) -> SearchTrial {
        let start = clock.now
        do throws(ModelError) {
            let model = try makeTrainer(kind, parameters).train(on: validationSplit.trainingData)
            let ndcg = score(model, validationSplit)
            let reported = model.descriptor.hyperparameters
            var searched: [String: String] = [:]
            for key in space.keys { searched[key] = reported[key] ?? parameters[key] }
            return SearchTrial(
                number: number, parameters: parameters, searched: searched, validationNDCG20: ndcg, seconds: start.duration(to: clock.now).inSeconds)
        } catch {
            return SearchTrial(
                number: number, parameters: parameters, searched: parameters.filter { space.keys.contains($0.key) }, validationNDCG20: nil,
                seconds: start.duration(to: clock.now).inSeconds, failure: error.message)
        }
    }
}
