import MarqueeCore

/// A trained BPR matrix-factorisation model (see ``BPRTrainer``): score = user factors · movie factors + movie bias.
///
/// A BPR score does not split over watched movies, so the explanation names the watched movies nearest to the
/// recommended one by cosine similarity of their factors; each reason's contribution is that similarity, not a share
/// of the score.
public struct BPRRecommender: Recommender {
    /// The model kind.
    public static let kind = "bpr"

    /// The hyperparameters it was trained with.
    public let configuration: BPRTrainer.Configuration
    let model: FactorModel

    init(configuration: BPRTrainer.Configuration, context: UserContext, userFactors: FactorMatrix, itemFactors: FactorMatrix) {
        self.configuration = configuration
        self.model = FactorModel(context: context, users: userFactors, items: itemFactors)
    }

    public var personalisedUsers: [UserID] { model.context.matrix.users }

    public var coldStartUsers: [UserID] { model.context.coldStart.knownUsers }

    /// Every user it knows nothing about gets global popularity.
    public var answersStrangersAlike: Bool { true }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            kind: Self.kind, hyperparameters: configuration.hyperparameters, movieCount: model.context.matrix.movieCount,
            userCount: model.context.matrix.userCount, memoryBytes: model.memoryBytes)
    }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        model.recommend(for: user, count: count, excluding: excluded)
    }

    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] {
        model.scores(for: user, movies: movies)
    }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        let matrix = model.context.matrix
        guard let row = matrix.index(of: user) else { return model.context.coldStart.explain(index: matrix.index(of: movie), for: user) }
        guard let target = matrix.index(of: movie) else { return Explanation(reasons: []) }
        let factors = configuration.factors
        let stride = model.items.stride
        let items = model.items.storage
        func cosine(_ a: Int, _ b: Int) -> Double {
            var (dot, normA, normB) = (0.0, 0.0, 0.0)
            for factor in 0..<factors {
                let (x, y) = (Double(items[a * stride + factor]), Double(items[b * stride + factor]))
                dot += x * y
                normA += x * x
                normB += y * y
            }
            return normA > 0 && normB > 0 ? dot / (normA * normB).squareRoot() : 0
        }
        var reasons: [Explanation.Reason] = []
        for column in matrix.row(row).columns {
            let watched = matrix.movies[Int(column)]
            let similarity = cosine(Int(column), target)
            reasons.append(.init(text: "similar to \(watched.slug), which you watched", movie: watched, contribution: similarity))
        }
        reasons.sort(by: Explanation.Reason.strongerFirst)
        return Explanation(reasons: Array(reasons.prefix(10)))
    }
}
