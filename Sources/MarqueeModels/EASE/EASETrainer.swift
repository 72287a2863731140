import Foundation
import MarqueeCore

/// Trains ``EASERecommender``: EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW 2019), a
/// movie × movie weight matrix `B` learned in closed form.
///
/// With `X` the users × movies matrix of positive feedback (1 per pair) and `P = (XᵀX + λI)⁻¹`,
/// `B[i][j] = −P[i][j] / P[j][j]` off the diagonal and 0 on it: the least-squares weights that rebuild each movie's
/// column from the other movies, with no movie allowed to predict itself. Each movie keeps its `neighbours` weights
/// of largest magnitude (negative ones included: "people who watched this rarely watch that" is information), and a
/// user's score of movie `j` is `Σᵢ wᵤᵢ · B[i][j]`, with the feedback weights `wᵤᵢ` scaled by ``RecencyWeighting``.
///
/// The dense solve needs `8 × movies²` bytes and `movies³` multiply-adds, so the kind refuses catalogues of more than
/// ``maximumMovies`` watched movies; item-knn, ALS and BPR have no such limit.
public struct EASETrainer: RecommenderTrainer {
    /// The most movies with positive feedback EASE trains on: 512 MB for the Gram matrix and about 5 × 10¹¹
    /// multiply-adds (minutes on 2 cores).
    public static let maximumMovies = 8_000

    /// Hyperparameters.
    public struct Configuration: Hashable, Sendable {
        /// λ, added to the Gram matrix's diagonal: larger values shrink the weights towards 0.
        public var regularization: Float
        /// Weights kept per movie, those of largest magnitude.
        public var neighbours: Int
        /// How much more a user's recent movies count (see ``RecencyWeighting``); 0 counts all alike.
        public var recencyHalfLife: Float
        /// Threads to invert the Gram matrix on.
        public var threads: Int
        /// How watch minutes and ratings become weights.
        public var feedback: FeedbackRule

        /// Creates a configuration. The defaults are MovieLens-100k's best region (λ 500, half-life 15: NDCG@20 1.91×
        /// popularity's on its per-user split); the pipeline's model search tunes them to the data at hand.
        public init(
            regularization: Float = 500, neighbours: Int = 200, recencyHalfLife: Float = 15,
            threads: Int = ProcessInfo.processInfo.activeProcessorCount, feedback: FeedbackRule = .init()
        ) {
            self.regularization = regularization
            self.neighbours = neighbours
            self.recencyHalfLife = recencyHalfLife
            self.threads = threads
            self.feedback = feedback
        }

        /// The hyperparameters by name (`threads` excluded: it never changes the result).
        public var hyperparameters: [String: String] {
            ["regularization": "\(regularization)", "neighbours": String(neighbours), "recency_half_life": "\(recencyHalfLife)"]
        }

        func validate() throws(ModelError) {
            try Check.range("regularization", regularization, 0.001...10_000_000)
            try Check.range("neighbours", neighbours, 1...10_000)
            try Check.range("recency_half_life", recencyHalfLife, 0...100_000)
            try Check.range("threads", threads, 1...1024)
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration

    /// Creates a trainer.
    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    public var kind: String { EASERecommender.kind }

    public func train(on data: TrainingData) throws(ModelError) -> any Recommender { try trainModel(on: data) }

    /// Trains on `data` and returns the concrete model.
    /// - Throws: `ModelError.invalidParameter` for an out-of-range hyperparameter; `.insufficientData` when no
    ///   interaction carries positive feedback; `.tooManyMovies` above ``maximumMovies`` movies.
    public func trainModel(on data: TrainingData) throws(ModelError) -> EASERecommender {
        try configuration.validate()
        let matrix = InteractionMatrix(data, rule: configuration.feedback)
        guard matrix.nonZeroCount > 0 else {
            throw ModelError(.insufficientData, "ease needs at least one interaction with positive feedback; the training data has none")
        }
        guard matrix.movieCount <= Self.maximumMovies else {
            throw ModelError(
                .tooManyMovies,
                "ease solves a dense movie × movie system and takes at most \(Self.maximumMovies) watched movies; the training data has "
                    + "\(matrix.movieCount): use item-knn, als, bpr or hybrid for this catalogue")
        }
        let weights = try self.weights(matrix)
        let scored = RecencyWeighting(halfLife: configuration.recencyHalfLife).apply(to: matrix, data: data)
        return EASERecommender(configuration: configuration, context: UserContext(matrix: scored, users: data.users), neighbours: weights)
    }

    /// `B`, each movie's row cut to its `neighbours` largest weights by magnitude.
    func weights(_ matrix: InteractionMatrix) throws(ModelError) -> NeighbourLists {
        let size = matrix.movieCount
        var gram = [Double](repeating: 0, count: size * size)
        for user in 0..<matrix.userCount {
            let range = matrix.rowStarts[user]..<matrix.rowStarts[user + 1]
            for first in range {
                let row = Int(matrix.columns[first]) * size
                for second in range { gram[row + Int(matrix.columns[second])] += 1 }
            }
        }
        for movie in 0..<size { gram[movie * size + movie] += Double(configuration.regularization) }
        guard SymmetricInverse.invert(&gram, size: size, threads: configuration.threads) else {
            throw ModelError(
                .invalidParameter,
                "ease's Gram matrix plus λ = \(configuration.regularization) is not positive definite in floating point; raise regularization")
        }
        let keep = min(configuration.neighbours, max(0, size - 1))
        var starts = [0]
        var indices: [Int32] = []
        var values: [Float] = []
        indices.reserveCapacity(size * keep)
        values.reserveCapacity(size * keep)
        var row = [Float](repeating: 0, count: size)
        for movie in 0..<size {
            var best = TopK(capacity: keep)
            for other in 0..<size where other != movie {
                let weight = Float(-gram[movie * size + other] / gram[other * size + other])
                row[other] = weight
                guard weight != 0, weight.isFinite else { continue }
                best.offer(abs(weight), Int32(other))
            }
            for pair in best.sorted() {
                indices.append(pair.index)
                values.append(row[Int(pair.index)])
            }
            starts.append(indices.count)
        }
        return NeighbourLists(starts: starts, indices: indices, similarities: values)
    }
}
