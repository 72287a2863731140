import MarqueeCore

/// A trained model that ranks movies for a user. Every model kind conforms.
///
/// Implementations are immutable after training, so one instance serves concurrent requests.
public protocol Recommender: Sendable {
    /// What the model is: kind, hyperparameters, size.
    var descriptor: ModelDescriptor { get }

    /// Up to `count` movies for `user`, best first, never one of `excluded` and never the same movie twice.
    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]
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

    /// Creates a descriptor.
    public init(kind: String, hyperparameters: [String: String] = [:], movieCount: Int, userCount: Int) {
        self.kind = kind
        self.hyperparameters = hyperparameters
        self.movieCount = movieCount
        self.userCount = userCount
    }
}
