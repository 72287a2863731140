/// Trains ``PopularityRecommender``.
public struct PopularityTrainer: RecommenderTrainer {
    /// The hyperparameters.
    public var configuration: PopularityRecommender.Configuration

    /// Creates a trainer.
    public init(configuration: PopularityRecommender.Configuration = .init()) { self.configuration = configuration }

    public var kind: String { PopularityRecommender.kind }

    /// Trains on `data`.
    /// - Throws: `ModelError.insufficientData` when the data has no interactions.
    public func train(on data: TrainingData) throws(ModelError) -> any Recommender {
        guard !data.interactions.isEmpty else {
            throw ModelError(.insufficientData, "popularity needs at least one interaction; the training data has none")
        }
        return PopularityRecommender(training: data, configuration: configuration)
    }
}
