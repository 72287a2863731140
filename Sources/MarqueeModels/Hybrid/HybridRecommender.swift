import MarqueeCore

/// A trained hybrid model (see ``HybridTrainer``): movie bias + demographic × genre taste + latent factors, stored
/// folded as two factor matrices so that serving is one dot product per movie, like ALS and BPR.
///
/// User rows are `[p_u | π_u | 1]` and movie rows `[q_m | γ_m | b_m]`, with `π_u` the user's genre preference (the
/// sum of their demographic features' weights) and `γ_m` the movie's genre vector. The explanation splits the score
/// along these blocks: each genre's `π_u[g]·γ_m[g]`, the movie's bias, and the latent part.
public struct HybridRecommender: Recommender {
    /// The model kind.
    public static let kind = "hybrid"

    /// The hyperparameters it was trained with.
    public let configuration: HybridTrainer.Configuration
    /// The genre names of the genre block, in order.
    let genres: [String]
    let model: FactorModel

    init(configuration: HybridTrainer.Configuration, genres: [String], context: UserContext, userFactors: FactorMatrix, itemFactors: FactorMatrix) {
        self.configuration = configuration
        self.genres = genres
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
        let stride = model.items.stride
        let factors = configuration.factors
        let (users, items) = (model.users.storage, model.items.storage)
        let (userBase, movieBase) = (row * stride, target * stride)
        var latent = 0.0
        for factor in 0..<factors { latent += Double(users[userBase + factor]) * Double(items[movieBase + factor]) }
        var reasons: [Explanation.Reason] = [
            .init(text: "how much people who came across it chose it", contribution: Double(items[movieBase + factors + genres.count])),
            .init(text: "your viewing history", contribution: latent),
        ]
        for (offset, genre) in genres.enumerated() {
            let weight = items[movieBase + factors + offset]
            guard weight != 0 else { continue }
            let contribution = Double(users[userBase + factors + offset]) * Double(weight)
            reasons.append(.init(text: "\(genre), which people like you \(contribution >= 0 ? "like" : "avoid")", contribution: contribution))
        }
        reasons.sort(by: Explanation.Reason.strongerFirst)
        return Explanation(reasons: Array(reasons.prefix(10)))
    }
}

extension HybridRecommender: PersistableRecommender {
    func encodeParameters(into writer: inout ArtifactWriter) {
        writer.append(configuration.factors)
        writer.append(configuration.learningRate)
        writer.append(configuration.regularization)
        writer.append(configuration.featureRegularization)
        writer.append(configuration.iterations)
        writer.append(configuration.negativeExponent)
        writer.append(configuration.shownNegatives)
        writer.append(configuration.popularityWeight)
        writer.append(configuration.seed)
        writer.append(configuration.feedback)
        writer.append(strings: genres)
        writer.append(model.context)
        writer.append(model.users)
        writer.append(model.items)
    }

    static func decodeParameters(from reader: inout ArtifactReader) throws(ModelError) -> HybridRecommender {
        let configuration = HybridTrainer.Configuration(
            factors: try reader.readInt("factors", in: 1...1024), learningRate: try reader.readFloat(), regularization: try reader.readFloat(),
            featureRegularization: try reader.readFloat(), iterations: try reader.readInt("iterations"),
            negativeExponent: try reader.readFloat(), shownNegatives: try reader.readFloat(), popularityWeight: try reader.readFloat(),
            seed: try reader.read(UInt64.self), feedback: try reader.readFeedbackRule())
        try reader.checkConfiguration(configuration.validate)
        let genres = try reader.readStrings("genres")
        let context = try reader.readUserContext()
        let users = try reader.readFactorMatrix("user factors")
        let items = try reader.readFactorMatrix("movie factors")
        let width = configuration.factors + genres.count + 1
        guard users.rows == context.matrix.userCount, items.rows == context.matrix.movieCount, users.factors == width, items.factors == width
        else { throw reader.corrupt("factor matrices do not match the users, movies, factor and genre count") }
        return HybridRecommender(configuration: configuration, genres: genres, context: context, userFactors: users, itemFactors: items)
    }
}
