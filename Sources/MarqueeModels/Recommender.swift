import MarqueeCore

/// A trained model that ranks movies for a user. Every model kind conforms.
///
/// Implementations are immutable after training, so one instance serves concurrent requests.
public protocol Recommender: Sendable {
    /// What the model is: kind, hyperparameters, size.
    var descriptor: ModelDescriptor { get }

    /// Up to `count` movies for `user`, best first, never one of `excluded` and never the same movie twice.
    /// A user the model has no state for gets the model's cold-start answer.
    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]

    /// The model's score of each of `movies` for `user`, in the same order; `nil` for a movie the model does not know.
    func scores(for user: UserID, movies: [MovieID]) -> [Double?]

    /// Why the model would recommend `movie` to `user`: the evidence behind its score.
    func explain(_ movie: MovieID, for user: UserID) -> Explanation

    /// The users the model has personal state for, ascending (none for non-personalised models): whose answers
    /// ``PrecomputedLists`` can compute ahead.
    var personalisedUsers: [UserID] { get }

    /// The users the model knows without personal state (e.g. by their demographics), ascending, whose cold-start
    /// answer is their own: ``PrecomputedLists`` can compute theirs ahead too (none by default).
    var coldStartUsers: [UserID] { get }

    /// Whether every user the model knows nothing about (neither personalised nor a cold-start user) gets the same
    /// answer as any other such user, less what each excludes, when they state no taste: then a served model can answer
    /// them from one list computed ahead. `false` by default (e.g. exploration draws per user).
    var answersStrangersAlike: Bool { get }

    /// Up to `count` movies for a user the model has no history for, ranked from what they said they like and dislike
    /// (a warm start), never one of `excluded` nor one the taste names; `nil` when the model has history for `user`,
    /// cannot use stated tastes, or knows none of the liked movies: the caller then uses
    /// ``recommend(for:count:excluding:)``.
    func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]?

    /// Why the warm start of ``recommend(for:stating:count:excluding:)`` would recommend `movie`: the stated likes
    /// behind its score, then the prior it weighs; `nil` exactly when that warm start would not answer for `user`.
    func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation?
}

extension Recommender {
    public var personalisedUsers: [UserID] { [] }

    public var coldStartUsers: [UserID] { [] }

    public var answersStrangersAlike: Bool { false }

    public func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
        nil
    }

    public func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation? { nil }
}

/// Trains one kind of model from training data.
public protocol RecommenderTrainer: Sendable {
    /// The model kind this trainer produces, e.g. `als`.
    var kind: String { get }

    /// Trains a model on `data`.
    /// - Throws: `ModelError` when the data cannot train this model (e.g. empty).
    func train(on data: TrainingData) throws(ModelError) -> any Recommender
}

/// A recommended movie and the model's score for it (higher is better; scales differ between models).
public struct ScoredMovie: Hashable, Sendable {
    public var movie: MovieID
    public var score: Double

    /// Creates a scored movie.
    public init(movie: MovieID, score: Double) {
        self.movie = movie
        self.score = score
    }
}

/// Why a movie was recommended: the watched movies (or other evidence) that contributed, strongest first.
public struct Explanation: Hashable, Sendable, Codable {
    /// One piece of evidence and how much it contributed to the score.
    public struct Reason: Hashable, Sendable, Codable {
        /// Human-readable evidence, e.g. `because you watched alien+1979` or `popular with F 25-34`.
        public var text: String
        /// The watched movie behind the evidence, when there is one.
        public var movie: MovieID?
        /// Its contribution to the score.
        public var contribution: Double

        public init(text: String, movie: MovieID? = nil, contribution: Double) {
            self.text = text
            self.movie = movie
            self.contribution = contribution
        }

        enum CodingKeys: String, CodingKey { case text, movie, contribution }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            text = try container.decode(String.self, forKey: .text)
            movie = try container.decodeIfPresent(String.self, forKey: .movie).flatMap { MovieID($0) }
            contribution = try container.decode(Double.self, forKey: .contribution)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(text, forKey: .text)
            try container.encodeIfPresent(movie?.slug, forKey: .movie)
            try container.encode(contribution, forKey: .contribution)
        }
    }

    /// The reasons, strongest first.
    public var reasons: [Reason]

    /// Creates an explanation.
    public init(reasons: [Reason]) {
        self.reasons = reasons
    }
}

/// A description of a trained model, for the registry, reports and `/explain`.
public struct ModelDescriptor: Hashable, Sendable, Codable {
    /// The model kind, e.g. `popularity`.
    public var kind: String
    /// Hyperparameters by name, as text.
    public var hyperparameters: [String: String]
    /// Number of movies the model can recommend.
    public var movieCount: Int
    /// Number of users the model has personal state for (0 for non-personalised models).
    public var userCount: Int
    /// Approximate bytes of memory the model's parameters take.
    public var memoryBytes: Int

    /// Creates a descriptor.
    public init(kind: String, hyperparameters: [String: String] = [:], movieCount: Int, userCount: Int, memoryBytes: Int = 0) {
        self.kind = kind
        self.hyperparameters = hyperparameters
        self.movieCount = movieCount
        self.userCount = userCount
        self.memoryBytes = memoryBytes
    }
}
