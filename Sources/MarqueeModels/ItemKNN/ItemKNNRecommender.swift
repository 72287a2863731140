import MarqueeCore

/// A trained item-based k-nearest-neighbours model (see ``ItemKNNTrainer``).
///
/// The score of movie `j` for a user is `Σᵢ wᵤᵢ · sim(i, j)` over the user's movies `i` that keep `j` among their
/// neighbours. The explanation lists exactly those terms, so the reasons add up to the score.
public struct ItemKNNRecommender: Recommender {
    /// The model kind.
    public static let kind = "item-knn"

    /// The hyperparameters it was trained with.
    public let configuration: ItemKNNTrainer.Configuration
    let scoring: NeighbourScoring

    init(configuration: ItemKNNTrainer.Configuration, context: UserContext, neighbours: NeighbourLists) {
        self.configuration = configuration
        self.scoring = NeighbourScoring(context: context, neighbours: neighbours, weightName: "similarity")
    }

    var context: UserContext { scoring.context }
    var neighbours: NeighbourLists { scoring.neighbours }

    public var personalisedUsers: [UserID] { context.matrix.users }

    public var coldStartUsers: [UserID] { context.coldStart.knownUsers }

    /// Every user it knows nothing about gets global popularity.
    public var answersStrangersAlike: Bool { true }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            kind: Self.kind, hyperparameters: configuration.hyperparameters, movieCount: context.matrix.movieCount,
            userCount: context.matrix.userCount,
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
