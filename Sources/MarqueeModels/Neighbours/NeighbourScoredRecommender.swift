import MarqueeCore

/// A model that scores a user's movies from each watched movie's neighbours (item-kNN's similarities, EASE's learned
/// weights): apart from its kind and hyperparameters, everything it answers is its ``NeighbourScoring``'s.
protocol NeighbourScoredRecommender: Recommender {
    /// The model kind, as in ``ModelDescriptor/kind``.
    static var kind: String { get }
    /// The hyperparameters it was trained with, as in ``ModelDescriptor/hyperparameters``.
    var hyperparameters: [String: String] { get }
    /// The neighbour lists and user histories it scores with.
    var scoring: NeighbourScoring { get }
}

extension NeighbourScoredRecommender {
    var context: UserContext { scoring.context }
    var neighbours: NeighbourLists { scoring.neighbours }

    public var personalisedUsers: [UserID] { context.matrix.users }

    public var coldStartUsers: [UserID] { context.coldStart.knownUsers }

    /// Every user it knows nothing about gets global popularity.
    public var answersStrangersAlike: Bool { true }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            kind: Self.kind, hyperparameters: hyperparameters, movieCount: context.matrix.movieCount, userCount: context.matrix.userCount,
            memoryBytes: neighbours.memoryBytes + context.matrix.memoryBytes + context.coldStart.memoryBytes)
    }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        scoring.recommend(for: user, count: count, excluding: excluded)
    }

    /// The warm start from stated likes and dislikes (see `NeighbourScoring`).
    public func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
        scoring.recommend(for: user, stating: taste, count: count, excluding: excluded)
    }

    public func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation? {
        scoring.explain(movie, for: user, stating: taste)
    }

    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] { scoring.scores(for: user, movies: movies) }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation { scoring.explain(movie, for: user) }
}
