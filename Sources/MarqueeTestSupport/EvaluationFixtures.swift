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

    /// SplitMix64, for reproducible random fixtures.
    public struct Random: Sendable {
        private var state: UInt64

        /// Creates a generator.
        public init(seed: UInt64) { state = seed }

        /// The next 64 random bits.
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// A random integer in `0..<bound`.
        public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
    }
}
