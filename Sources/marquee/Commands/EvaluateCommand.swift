import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

/// `marquee evaluate`: compares models offline on a temporal split of a store's interactions.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Compare models offline: accuracy, training time, latency and size on a temporal split.",
        discussion: """
            --split global trains on everything before one cut time (the --quantile of event time) and tests on the \
            rest; --split per-user holds out each user's last --test-fraction of interactions. Test users and movies \
            unknown to training are dropped unless --cold-start. Hyperparameters: --param MODEL.KEY=VALUE, e.g. \
            --param als.factors=32. --report DIR writes report.md, report.json and chart.svg.
            """
    )

    @OptionGroup var storeOptions: StoreOptions

    @Option(name: .long, help: ArgumentHelp("Comma-separated model kinds: \(ModelKinds.names.joined(separator: ", ")).", valueName: "a,b,..."))
    var models: String

    @Option(name: .long, help: "The split: global or per-user.")
    var split = "global"

    @Option(name: .long, help: "Global split: the quantile of event time to cut at (0...1, exclusive).")
    var quantile = 0.8

    @Option(name: .long, help: "Per-user split: the share of each user's latest interactions held out (0...1, exclusive).")
    var testFraction = 0.2

    @Flag(name: .long, help: "Keep test users and movies that training does not know (evaluates cold start).")
    var coldStart = false

    @OptionGroup var serviceOptions: ServiceAndScaleOptions

    @Option(name: .customLong("param"), help: ArgumentHelp("A hyperparameter of one model; repeatable.", valueName: "model.key=value"))
    var parameters: [String] = []

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Write report.md, report.json and chart.svg into this directory.", valueName: "dir"))
    var report: String?

    func validate() throws {
        try storeOptions.requireExistingStore()
        guard let method = SplitMethod(kind: split) else { throw CommandFailure("--split must be global or per-user, got '\(split)'") }
        _ = method
        guard quantile > 0, quantile < 1 else { throw CommandFailure("--quantile must be between 0 and 1 (exclusive), got \(quantile)") }
        guard testFraction > 0, testFraction < 1 else {
            throw CommandFailure("--test-fraction must be between 0 and 1 (exclusive), got \(testFraction)")
        }
        _ = try candidates()
    }

    /// The model names of `--models`, in order.
    private var modelNames: [String] {
        models.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// One candidate per `--models` entry with its `--param` values, or a one-line failure naming the bad value.
    private func candidates(ratingScale: RatingScale = .fiveStars) throws -> [ComparisonCandidate] {
        let names = modelNames
        guard !names.isEmpty else { throw CommandFailure("--models is empty: name at least one of \(ModelKinds.names.joined(separator: ", "))") }
        if let repeated = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw CommandFailure("--models lists '\(repeated)' twice: name each model once")
        }
        var perModel: [String: [String: String]] = [:]
        for (key, value) in try ParameterList(parameters, option: "--param").values {
            guard let dot = key.firstIndex(of: "."), dot != key.startIndex, key.index(after: dot) != key.endIndex else {
                throw CommandFailure("--param '\(key)=\(value)' must be model.key=value, e.g. --param als.factors=32")
            }
            let model = String(key[..<dot])
            guard names.contains(model) else {
                throw CommandFailure("--param \(key) is for '\(model)', which is not in --models \(models)")
            }
            perModel[model, default: [:]][String(key[key.index(after: dot)...])] = value
        }
        var candidates: [ComparisonCandidate] = []
        for name in names {
            do throws(ModelError) {
                candidates.append(
                    ComparisonCandidate(
                        name: name, trainer: try ModelKinds.trainer(kind: name, parameters: perModel[name] ?? [:], ratingScale: ratingScale)))
            } catch {
                throw CommandFailure(error.message)
            }
        }
        return candidates
    }

    private func splitConfiguration(ratingScale: RatingScale) -> SplitConfiguration {
        let method: SplitMethod = split == "per-user" ? .perUser(testFraction: testFraction) : .global(quantile: quantile)
        return SplitConfiguration(method: method, rule: FeedbackRule(scale: ratingScale), includeColdStart: coldStart)
    }

    func run() async throws {
        let store = try await storeOptions.open()
        let scale = try await serviceOptions.agreed(with: store).ratingScale
        let data = try await TrainingDataLoader(store: store).loadEvaluationData()
        let comparison = ModelComparison(
            candidates: try candidates(ratingScale: scale), split: splitConfiguration(ratingScale: scale), diskSize: ModelComparison.artifactDiskSize)
        let result = try comparison.run(on: data)
        let written = try report.map { directory throws(EvaluationError) in try result.write(to: directory) } ?? []
        if json {
            print(String(decoding: try result.jsonData(), as: UTF8.self))
            return
        }
        var lines = [result.splitDescription, "", result.resultsTable]
        if !written.isEmpty { lines += ["", "wrote " + written.joined(separator: ", ")] }
        print(lines.joined(separator: "\n"))
    }
}
