import MarqueeCore
import MarqueeModels

/// Trainers and ids for offline-evaluation tests.
public enum EvaluationFixtures {
    /// The movie `m<index>+2000`.
    public static func movie(_ index: Int) -> MovieID { LogFixture.movie("m\(index)+2000") }

    /// Trains ``PopularityRecommender`` with its default configuration.
    public struct PopularityTrainer: RecommenderTrainer {
        /// Creates the trainer.
        public init() {}

        public var kind: String { "popularity" }

        public func train(on data: TrainingData) throws(ModelError) -> any Recommender {
            guard !data.interactions.isEmpty else { throw ModelError(.insufficientData, "no interactions to train on") }
            return PopularityRecommender(training: data)
        }
    }
}

extension SplitMix64 {
    /// A random integer in `0..<bound`, for reproducible random fixtures.
    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
