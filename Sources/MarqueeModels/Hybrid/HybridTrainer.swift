import MarqueeCore

/// Trains ``HybridRecommender``: a factorisation model with side features, fitted with a pairwise ranking loss (BPR).
///
/// `score(u, m) = b_m + Σ_f Σ_g W[f][g]·γ_m[g] + p_u·q_m`, where `f` runs over the user's active demographic features
/// (everyone, gender, age band, gender × age band, occupation; see ``HybridFeatures``), `g` over the movie's genres with
/// `γ_m[g] = 1/√(genre count)`, `b_m` is a movie bias and `p_u`, `q_m` latent factors. The demographic × genre table
/// needs no history of the user, so it carries what little data a user has; the latent factors add what history shows.
///
/// Each step draws a positive (user, movie) pair uniformly and a negative movie the user has no feedback on, with
/// probability ∝ `(watchers + 1)^negativeExponent`, and raises `w·log σ(score(u, i) − score(u, j))` with L2
/// regularisation, `w` the pair's feedback weight over the mean. Why popularity-shaped negatives: logged watches are
/// exposure-biased (people watch what they come across, mostly popular movies). With uniform negatives (exponent 0) the
/// model learns how often a movie is watched, i.e. mostly its exposure; with negatives drawn as often as movies are
/// watched (exponent 1) it learns which of the movies people came across they chose: their taste. Values between trade
/// the two; the default was chosen on the simulator (`bench/RESULTS.md`, "Recommendations that beat popularity").
/// Single-threaded, so a seed fixes the model exactly.
public struct HybridTrainer: RecommenderTrainer {
    /// Hyperparameters.
    public struct Configuration: Hashable, Sendable {
        /// Latent factors per user and movie.
        public var factors: Int
        /// SGD step size.
        public var learningRate: Float
        /// L2 regularisation of the latent factors and movie biases.
        public var regularization: Float
        /// L2 regularisation of the demographic × genre weights.
        public var featureRegularization: Float
        /// Epochs over the positive pairs.
        public var iterations: Int
        /// How strongly negatives follow popularity: 0 uniform, 1 as often as movies are watched.
        public var negativeExponent: Float
        /// Share of steps whose negative is a movie the user was shown (in the first ``shownPlaces`` places of a logged
        /// list) and did not watch, when the training data has such impressions: exposed and passed over.
        public var shownNegatives: Float
        /// Weight of `ln(watchers + 1)` added to every movie's score when serving: the blend of the personal score with
        /// the popularity prior (0 leaves the learned score alone).
        public var popularityWeight: Float
        /// Seed of initial factors and sampling.
        public var seed: UInt64
        /// How watch minutes and ratings become weights (any positive weight is a positive pair).
        public var feedback: FeedbackRule

        /// Creates a configuration.
        public init(
            factors: Int = 16, learningRate: Float = 0.05, regularization: Float = 0.01, featureRegularization: Float = 0.001,
            iterations: Int = 30, negativeExponent: Float = 1, shownNegatives: Float = 0.3, popularityWeight: Float = 1.5, seed: UInt64 = 42,
            feedback: FeedbackRule = .init()
        ) {
            self.factors = factors
            self.learningRate = learningRate
            self.regularization = regularization
            self.featureRegularization = featureRegularization
            self.iterations = iterations
            self.negativeExponent = negativeExponent
            self.shownNegatives = shownNegatives
            self.popularityWeight = popularityWeight
            self.seed = seed
            self.feedback = feedback
        }

        /// The hyperparameters by name.
        public var hyperparameters: [String: String] {
            [
                "factors": String(factors), "learning_rate": String(learningRate), "regularization": String(regularization),
                "feature_regularization": String(featureRegularization), "iterations": String(iterations),
                "negative_exponent": String(negativeExponent), "popularity_weight": String(popularityWeight),
                "shown_negatives": String(shownNegatives), "seed": String(seed),
            ]
        }

        func validate() throws(ModelError) {
            try Check.range("factors", factors, 1...1024)
            try Check.range("learning_rate", learningRate, 0...10)
            try Check.range("regularization", regularization, 0...1_000)
            try Check.range("feature_regularization", featureRegularization, 0...1_000)
            try Check.range("iterations", iterations, 0...10_000)
            try Check.range("negative_exponent", negativeExponent, 0...2)
            try Check.range("popularity_weight", popularityWeight, 0...10)
            try Check.range("shown_negatives", shownNegatives, 0...1)
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration

    /// Creates a trainer.
    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    public var kind: String { HybridRecommender.kind }

    public func train(on data: TrainingData) throws(ModelError) -> any Recommender { try trainModel(on: data) }

    /// Trains on `data` and returns the concrete model.
    /// - Throws: `ModelError.invalidParameter` for an out-of-range hyperparameter, `.insufficientData` when no
    ///   interaction carries positive feedback.
    public func trainModel(on data: TrainingData) throws(ModelError) -> HybridRecommender {
        try configuration.validate()
        let matrix = InteractionMatrix(data, rule: configuration.feedback)
        guard matrix.nonZeroCount > 0 else {
            throw ModelError(.insufficientData, "hybrid needs at least one interaction with positive feedback; the training data has none")
        }
        let features = HybridFeatures(matrix: matrix, users: data.users, genres: data.genres)
        var fit = HybridFit(matrix: matrix, features: features, configuration: configuration, impressions: data.impressions)
        fit.run()
        let (users, items) = fit.folded()
        return HybridRecommender(
            configuration: configuration, genres: features.genres, context: UserContext(matrix: matrix, users: data.users), userFactors: users,
            itemFactors: items)
    }
}
