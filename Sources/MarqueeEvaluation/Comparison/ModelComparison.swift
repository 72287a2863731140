import MarqueeCore
import MarqueeModels

/// A model to compare: the name reports show and the trainer that makes it.
public struct ComparisonCandidate: Sendable {
    /// The name in reports, e.g. `als`.
    public var name: String
    /// Trains the model.
    public var trainer: any RecommenderTrainer

    /// Creates a candidate.
    public init(name: String, trainer: any RecommenderTrainer) {
        self.name = name
        self.trainer = trainer
    }
}

/// Measures how many bytes a trained model takes on disk, e.g. by writing its artifact to a temporary file.
public typealias DiskSizeMeasure = @Sendable (any Recommender) throws(EvaluationError) -> Int

/// Trains each candidate on one split's training data and measures it the same way: accuracy and beyond-accuracy
/// metrics on the test users, training time, per-request latency on one thread, size on disk and in memory.
public struct ModelComparison: Sendable {
    /// The models, compared in this order.
    public var candidates: [ComparisonCandidate]
    /// How the data is split.
    public var split: SplitConfiguration
    /// How a trained model's size on disk is measured.
    public var diskSize: DiskSizeMeasure

    /// Creates a comparison.
    /// - Parameters:
    ///   - candidates: the models, at least one, with distinct names.
    ///   - split: how the data is split.
    ///   - diskSize: how a trained model's size on disk is measured.
    public init(candidates: [ComparisonCandidate], split: SplitConfiguration = .init(), diskSize: @escaping DiskSizeMeasure) {
        self.candidates = candidates
        self.split = split
        self.diskSize = diskSize
    }

    /// Splits `data`, trains and evaluates every candidate, timing with `clock`, one model at a time.
    /// - Throws: ``EvaluationError``: `.invalidConfiguration` for no or duplicate candidates, split errors,
    ///   `.model` when a model fails to train, and whatever `diskSize` throws.
    public func run(on data: EvaluationData, clock: some Clock<Duration> = ContinuousClock()) throws(EvaluationError) -> ComparisonReport {
        guard !candidates.isEmpty else {
            throw EvaluationError(.invalidConfiguration, "no models to compare: name at least one, e.g. popularity,als")
        }
        let names = candidates.map(\.name)
        if let duplicate = names.first(where: { name in names.filter { $0 == name }.count > 1 }) {
            throw EvaluationError(.invalidConfiguration, "model '\(duplicate)' is listed twice: name each model once")
        }
        let evaluationSplit = try EvaluationSplit(data, configuration: split)
        var models: [ComparisonReport.Model] = []
        for candidate in candidates {
            let start = clock.now
            let model: any Recommender
            do {
                model = try candidate.trainer.train(on: evaluationSplit.trainingData)
            } catch {
                throw EvaluationError(.model, "training '\(candidate.name)' on the \(split.method.kind) split failed: \(error.message)", cause: error)
            }
            let trainSeconds = Self.seconds(start.duration(to: clock.now))
            let evaluation = evaluate(model, on: evaluationSplit, clock: clock)
            let disk = try diskSize(model)
            models.append(
                ComparisonReport.Model(
                    name: candidate.name, metrics: evaluation.metrics, byGroup: evaluation.byGroup, trainSeconds: trainSeconds,
                    latencyMilliseconds: evaluation.latency, sizeBytes: .init(disk: disk, memory: model.descriptor.memoryBytes)))
        }
        return ComparisonReport(split: .init(evaluationSplit), models: models)
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}
