import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels

/// `marquee tune`: a budgeted random search of one model kind's hyperparameters on a store's training split.
struct TuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Search one model's hyperparameters: trials on a validation split of the training data, then the choice on the test split.",
        discussion: """
            The store's interactions are split as by 'marquee evaluate' (--split global or per-user). Each trial trains on \
            a validation split carved the same way from the training part only, and is scored by NDCG@20 on it; the test \
            part is never read by the search. Trial 0 is the base configuration (the defaults, or --param values); the \
            others sample the model's search space. The chosen and the base configurations are then trained on the \
            whole training part and scored on the test part. The same --seed gives the same trials.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("The model kind: \(ModelKinds.names.joined(separator: ", ")).", valueName: "kind"))
    var model: String

    @Option(name: .long, help: ArgumentHelp("No new trial after this much time, e.g. 120s or 5m.", valueName: "duration"))
    var budget = "120s"

    @Option(name: .long, help: "The most trials, the base configuration included.")
    var trials = 20

    @Option(
        name: .long,
        help: ArgumentHelp(
            "random, or halving: successive halving over iterations for ALS and BPR (about 2.5× the configurations for the same work; other kinds search at random).",
            valueName: "strategy"))
    var strategy = "random"

    @Option(name: .long, help: "The seed of the samples (and of models that take one, unless --param seed=… is given).")
    var seed: UInt64 = 42

    @Option(name: .long, help: "The split: global or per-user; the validation split is carved the same way from the training part.")
    var split = "global"

    @OptionGroup var serviceOptions: ServiceAndScaleOptions

    @Option(name: .customLong("param"), help: ArgumentHelp("A base hyperparameter; repeatable.", valueName: "key=value"))
    var parameters: [String] = []

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard SplitMethod(kind: split) != nil else { throw CommandFailure("--split must be global or per-user, got '\(split)'") }
        _ = try search()
    }

    private func search(ratingScale: RatingScale = .fiveStars) throws -> ModelSearch {
        var base = try ParameterList(parameters, option: "--param").values
        if ModelKinds.parameters(of: model)?["seed"] != nil, base["seed"] == nil { base["seed"] = String(seed) }
        do throws(ModelError) {
            _ = try ModelKinds.trainer(kind: model, parameters: base)
        } catch {
            throw CommandFailure(error.message)
        }
        let seconds = try SearchBudgetText.seconds(budget, option: "--budget")
        guard let strategy = SearchStrategy(rawValue: strategy) else {
            throw CommandFailure("--strategy must be random or halving, got '\(strategy)'")
        }
        do throws(EvaluationError) {
            return try ModelSearch(
                kind: model, baseParameters: base, budget: SearchBudget(trials: trials, seconds: seconds), seed: seed, strategy: strategy,
                makeTrainer: { kind, parameters throws(ModelError) in
                    try ModelKinds.trainer(kind: kind, parameters: parameters, ratingScale: ratingScale)
                })
        } catch {
            throw CommandFailure(error.message.replacingOccurrences(of: "trial budget", with: "--trials"))
        }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let scale = try await serviceOptions.agreed(with: store).ratingScale
        let data = try await TrainingDataLoader(store: store).loadEvaluationData()
        let method = SplitMethod(kind: split) ?? .defaultGlobal
        let report = try SearchReport(
            search: try search(ratingScale: scale), data: data, split: SplitConfiguration(method: method, rule: FeedbackRule(scale: scale)))
        print(json ? String(decoding: try report.jsonData(), as: UTF8.self) : report.text)
    }
}
