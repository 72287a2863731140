import ArgumentParser
import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

/// `marquee train`: trains one model on everything in a store and writes its artifact.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on everything in a store and write its artifact.",
        discussion: "Kinds: \(ModelKinds.names.joined(separator: ", ")). Hyperparameters are --param key=value, e.g. --param factors=64."
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var serviceOptions: ServiceConfigurationOptions

    @Option(name: .long, help: "The model kind: \(ModelKinds.names.joined(separator: ", ")).")
    var model: String

    @Option(name: .customLong("param"), help: ArgumentHelp("A hyperparameter, key=value; repeatable.", valueName: "key=value"))
    var parameters: [String] = []

    @Option(name: .long, help: ArgumentHelp("Where to write the model artifact.", valueName: "file"))
    var out: String

    func validate() throws {
        try storeOptions.requireExistingStore()
        _ = try trainer()
        let directory = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory) else {
            throw CommandFailure("no directory '\(directory)' for --out \(out): create it first")
        }
    }

    /// The trainer for `--model` and `--param` on `ratingScale`, or a one-line failure naming the bad value.
    private func trainer(ratingScale: RatingScale = .fiveStars) throws -> any RecommenderTrainer {
        let values = try ParameterList(parameters, option: "--param").values
        do {
            return try ModelKinds.trainer(kind: model, parameters: values, ratingScale: ratingScale)
        } catch {
            throw CommandFailure(error.message)
        }
    }

    func run() async throws {
        let store = try await storeOptions.open()
        // Which ratings are likes follows the service's scale, recorded in the store.
        let trainer = try trainer(ratingScale: try await serviceOptions.agreed(with: store).ratingScale)
        let data = try await TrainingDataLoader(store: store).load()
        let clock = ContinuousClock()
        let start = clock.now
        let recommender = try trainer.train(on: data)
        let elapsed = start.duration(to: clock.now)
        try ModelArtifact.write(recommender, to: out)
        let diskBytes = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        print(TrainReport(descriptor: recommender.descriptor, data: data, elapsed: elapsed, path: out, diskBytes: diskBytes).text)
    }
}

/// The one-paragraph summary of a training run.
struct TrainReport {
    let descriptor: ModelDescriptor
    let data: TrainingData
    let elapsed: Duration
    let path: String
    let diskBytes: Int

    var text: String {
        let seconds = elapsed.inSeconds
        let users = Set(data.interactions.map(\.user)).count
        let movies = Set(data.interactions.map(\.movie)).count
        let hyperparameters = descriptor.hyperparameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
        return "Trained \(descriptor.kind)" + (hyperparameters.isEmpty ? "" : " (\(hyperparameters))")
            + " on \(data.interactions.count) interactions of \(users) users and \(movies) movies in "
            + String(format: "%.2f", seconds) + " s. The model knows \(descriptor.userCount) users and \(descriptor.movieCount) movies "
            + "and takes \(descriptor.memoryBytes) bytes in memory; its artifact \(path) is \(diskBytes) bytes."
    }
}

/// `key=value` options parsed into a dictionary, with a one-line failure for a malformed or repeated key.
struct ParameterList {
    let values: [String: String]

    init(_ list: [String], option: String) throws {
        var values: [String: String] = [:]
        for item in list {
            guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                throw CommandFailure("\(option) '\(item)' must be key=value, e.g. \(option) factors=64")
            }
            let key = String(item[..<equals])
            guard values[key] == nil else { throw CommandFailure("\(option) \(key) is given twice: give each key once") }
            values[key] = String(item[item.index(after: equals)...])
        }
        self.values = values
    }
}
