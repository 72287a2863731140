import Foundation
import MarqueeCore

/// Trains ``ALSRecommender``: alternating least squares for implicit feedback (Hu, Koren & Volinsky 2008).
///
/// Each (user, movie) weight `w` from the ``FeedbackRule`` becomes a preference of 1 with confidence `1 + alpha × w`;
/// unobserved pairs are preferences of 0 with confidence 1. Each half-iteration solves every user's (then every movie's)
/// regularised weighted least-squares problem with a few conjugate-gradient steps warm-started from the previous
/// factors, with `YᵀY` precomputed, as `implicit`'s `least_squares_cg` does. Rows are solved in parallel in fixed
/// chunks; each row depends only on the other side's factors and its own previous value, so the result is the same
/// for any thread count.
public struct ALSTrainer: RecommenderTrainer {
    /// Hyperparameters.
    public struct Configuration: Hashable, Sendable {
        /// Latent factors per user and movie.
        public var factors: Int
        /// L2 regularisation added to the diagonal of every normal equation.
        public var regularization: Float
        /// Confidence slope: an observed pair of weight `w` has confidence `1 + alpha × w`.
        public var alpha: Float
        /// Full iterations (a user pass and a movie pass each).
        public var iterations: Int
        /// Conjugate-gradient steps per row and pass.
        public var cgSteps: Int
        /// Seed of the initial factors.
        public var seed: UInt64
        /// Threads to solve rows on.
        public var threads: Int
        /// How watch minutes and ratings become weights.
        public var feedback: FeedbackRule
        /// How much more a user's recent movies count in their confidence (see ``RecencyWeighting``); 0, the default,
        /// counts all alike, as `implicit` does.
        public var recencyHalfLife: Float

        /// Creates a configuration; the defaults follow `implicit` except `alpha`, which suits weights in [0, 2].
        public init(
            factors: Int = 64, regularization: Float = 0.01, alpha: Float = 40, iterations: Int = 15, cgSteps: Int = 3,
            seed: UInt64 = 42, threads: Int = ProcessInfo.processInfo.activeProcessorCount, feedback: FeedbackRule = .init(),
            recencyHalfLife: Float = 0
        ) {
            self.factors = factors
            self.regularization = regularization
            self.alpha = alpha
            self.iterations = iterations
            self.cgSteps = cgSteps
            self.seed = seed
            self.threads = threads
            self.feedback = feedback
            self.recencyHalfLife = recencyHalfLife
        }

        /// The hyperparameters by name, as `ModelDescriptor` and artifacts carry them (`threads` excluded: it never
        /// changes the result).
        public var hyperparameters: [String: String] {
            [
                "factors": String(factors), "regularization": String(regularization), "alpha": String(alpha),
                "iterations": String(iterations), "cg_steps": String(cgSteps), "seed": String(seed),
                "recency_half_life": "\(recencyHalfLife)",
            ]
        }

        func validate() throws(ModelError) {
            try Check.range("factors", factors, 1...1024)
            try Check.range("regularization", regularization, 0...1_000_000)
            try Check.range("alpha", alpha, 0...1_000_000)
            try Check.range("iterations", iterations, 0...10_000)
            try Check.range("cg_steps", cgSteps, 1...100)
            try Check.range("threads", threads, 1...1024)
            try Check.range("recency_half_life", recencyHalfLife, 0...100_000)
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration
    /// Called after each iteration with its number (from 1) and its wall-clock seconds.
    public var progress: (@Sendable (_ iteration: Int, _ seconds: Double) -> Void)?

    /// Creates a trainer.
    public init(configuration: Configuration = .init(), progress: (@Sendable (_ iteration: Int, _ seconds: Double) -> Void)? = nil) {
        self.configuration = configuration
        self.progress = progress
    }

    public var kind: String { ALSRecommender.kind }

    public func train(on data: TrainingData) throws(ModelError) -> any Recommender { try trainModel(on: data) }

    /// Trains on `data` and returns the concrete model.
    /// - Throws: `ModelError.invalidParameter` for an out-of-range hyperparameter, `.insufficientData` when no
    ///   interaction carries positive feedback.
    public func trainModel(on data: TrainingData) throws(ModelError) -> ALSRecommender {
        try configuration.validate()
        let matrix = InteractionMatrix(data, rule: configuration.feedback)
        guard matrix.nonZeroCount > 0 else {
            throw ModelError(.insufficientData, "ALS needs at least one interaction with positive feedback; the training data has none")
        }
        let (userFactors, itemFactors) = fit(RecencyWeighting(halfLife: configuration.recencyHalfLife).apply(to: matrix, data: data))
        return ALSRecommender(
            configuration: configuration, context: UserContext(matrix: matrix, users: data.users), userFactors: userFactors,
            itemFactors: itemFactors)
    }

    /// Fits factors to `matrix`.
    func fit(_ matrix: InteractionMatrix) -> (users: FactorMatrix, items: FactorMatrix) {
        var generator = SplitMix64(seed: configuration.seed)
        var users = FactorMatrix(rows: matrix.userCount, factors: configuration.factors, uniformScale: 0.01, generator: &generator)
        var items = FactorMatrix(rows: matrix.movieCount, factors: configuration.factors, uniformScale: 0.01, generator: &generator)
        let transposed = matrix.transposed()
        let solver = ConjugateGradientSolver(
            regularization: configuration.regularization, alpha: configuration.alpha, steps: configuration.cgSteps,
            threads: configuration.threads)
        let clock = ContinuousClock()
        for iteration in 0..<configuration.iterations {
            let start = clock.now
            solver.solve(&users, given: items, rowStarts: matrix.rowStarts, columns: matrix.columns, values: matrix.values)
            solver.solve(&items, given: users, rowStarts: transposed.rowStarts, columns: transposed.columns, values: transposed.values)
            let elapsed = clock.now - start
            let seconds = elapsed.inSeconds
            progress?(iteration + 1, seconds)
        }
        return (users, items)
    }
}
