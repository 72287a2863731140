import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

/// `marquee pipeline run`: snapshot → validation → train candidates → offline evaluation → gate → register.
struct PipelineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline", abstract: "Run the training pipeline.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Snapshot the store, train and evaluate candidates, gate the best against production, and register them.",
            discussion: "Artifacts are written to --models-dir as <version>.mqm; `marquee serve --models-dir` can deploy them by that name.")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var expectationsOptions: ExpectationsOptions
        @OptionGroup var serviceOptions: ServiceConfigurationOptions

        @Option(name: .customLong("models-dir"), help: ArgumentHelp("Where to write the artifacts.", valueName: "directory"))
        var modelsDirectory: String

        @Option(name: .long, help: "The candidate model kinds, comma-separated.")
        var models = "popularity,item-knn,als,hybrid"

        @Option(name: .long, help: "The seed of every model kind that takes one.")
        var seed: UInt64 = 42

        @Option(name: .long, help: "What started this run, recorded with each version.")
        var trigger = "manual"

        @Option(name: .long, help: "Tune each candidate with this many search trials first (0: train as given).")
        var searchTrials = 0

        @Option(
            name: .long, help: ArgumentHelp("With --search-trials: no new trial of a candidate after this long, e.g. 120s.", valueName: "duration"))
        var searchBudget = "120s"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "With --search-trials: random, or halving (successive halving over iterations for ALS and BPR).", valueName: "strategy"))
        var searchStrategy = "random"

        @Flag(name: .long, help: "Print the outcome as JSON.")
        var json = false

        func validate() throws {
            try storeOptions.requireExistingStore()
            guard searchTrials >= 0 else { throw CommandFailure("--search-trials must be 0 (no search) or more, got \(searchTrials)") }
            _ = try SearchBudgetText.seconds(searchBudget, option: "--search-budget")
            guard SearchStrategy(rawValue: searchStrategy) != nil else {
                throw CommandFailure("--search-strategy must be random or halving, got '\(searchStrategy)'")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: modelsDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw CommandFailure("no directory '\(modelsDirectory)' for --models-dir: create it first")
            }
            for kind in kinds where ModelKinds.parameters(of: kind) == nil {
                throw CommandFailure("unknown model kind '\(kind)' in --models; choose from: \(ModelKinds.names.joined(separator: ", "))")
            }
        }

        private var kinds: [String] { models.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }

        func run() async throws {
            var configuration = PipelineConfiguration(
                candidates: kinds.map { CandidateSpec(kind: $0) }, seed: seed, trigger: trigger, modelsDirectory: modelsDirectory,
                codeVersion: try .build(), expectations: try expectationsOptions.suite(),
                search: searchTrials > 0
                    ? SearchBudget(trials: searchTrials, seconds: try SearchBudgetText.seconds(searchBudget, option: "--search-budget")) : nil)
            configuration.searchStrategy = SearchStrategy(rawValue: searchStrategy) ?? .random
            let store = try await storeOptions.open()
            // Which ratings are likes follows the service's scale, recorded in the store.
            configuration.ratingScale = try await serviceOptions.agreed(with: store).ratingScale
            let now = WallTime.now
            let outcome = try await TrainingPipeline(store: store, configuration: configuration).run(now: now)
            if json {
                print(try JSONText.encode(PipelineOutcomeJSON(outcome)))
            } else {
                print(outcome.steps.joined(separator: "\n"))
            }
            if let failure = outcome.failure { throw CommandFailure("the pipeline stopped, production keeps serving: \(failure)") }
        }
    }
}

/// `marquee pipeline run --json`.
struct PipelineOutcomeJSON: Encodable {
    var snapshot: SnapshotJSON?
    var registered: [VersionJSON]
    var chosen: String?
    var steps: [String]
    var failure: String?

    init(_ outcome: PipelineOutcome) {
        snapshot = outcome.snapshot.map(SnapshotJSON.init)
        registered = outcome.registered.map(VersionJSON.init)
        chosen = outcome.chosen?.version
        steps = outcome.steps
        failure = outcome.failure
    }
}
