import MarqueeCore

/// A model that ``ModelArtifact`` can save and load. Every model kind of this module conforms.
protocol PersistableRecommender: Recommender {
    /// The kind written in the artifact header, e.g. `als`.
    static var kind: String { get }
    /// Writes the model's hyperparameters and parameters.
    func encodeParameters(into writer: inout ArtifactWriter)
    /// Reads what ``encodeParameters(into:)`` wrote, validating every count and index.
    static func decodeParameters(from reader: inout ArtifactReader) throws(ModelError) -> Self
}

extension PopularityRecommender: PersistableRecommender {
    static var kind: String { "popularity" }

    func encodeParameters(into writer: inout ArtifactWriter) {
        writer.append(configuration.minimumMinutes)
        writer.append(configuration.minimumRating)
        writer.append(strings: ranking.map(\.movie.slug))
        writer.append(array: ranking.map(\.score.bitPattern))
    }

    static func decodeParameters(from reader: inout ArtifactReader) throws(ModelError) -> PopularityRecommender {
        let configuration = Configuration(
            minimumMinutes: try reader.readInt("minimum minutes"), minimumRating: try reader.readInt("minimum rating"))
        let slugs = try reader.readStrings("movie slugs")
        let scores = try reader.readArray(UInt64.self, "scores").map(Double.init(bitPattern:))
        guard slugs.count == scores.count else { throw reader.corrupt("movies and scores differ in number") }
        // A score is a count of users, and the explanation turns it into an `Int`, which traps on NaN or infinity.
        guard scores.allSatisfy({ $0.isFinite && abs($0) <= Double(ArtifactReader.maximumMagnitude) }) else {
            throw reader.corrupt("a popularity score is not a finite number of magnitude at most \(ArtifactReader.maximumMagnitude)")
        }
        var ranking: [ScoredMovie] = []
        ranking.reserveCapacity(slugs.count)
        for (slug, score) in zip(slugs, scores) {
            guard let movie = MovieID(slug) else { throw reader.corrupt("invalid movie slug") }
            ranking.append(ScoredMovie(movie: movie, score: score))
        }
        return PopularityRecommender(ranking: ranking, configuration: configuration)
    }
}

extension ItemKNNRecommender: PersistableRecommender {
    func encodeParameters(into writer: inout ArtifactWriter) {
        writer.append(configuration.neighbours)
        writer.append(configuration.feedback)
        writer.append(context)
        writer.append(array: neighbours.starts)
        writer.append(array: neighbours.indices)
        writer.append(array: neighbours.similarities)
    }

    static func decodeParameters(from reader: inout ArtifactReader) throws(ModelError) -> ItemKNNRecommender {
        let configuration = ItemKNNTrainer.Configuration(
            neighbours: try reader.readInt("neighbours", in: 1...10_000), feedback: try reader.readFeedbackRule())
        try reader.checkConfiguration(configuration.validate)
        let context = try reader.readUserContext()
        let neighbours = try reader.readNeighbourLists(movieCount: context.matrix.movieCount)
        return ItemKNNRecommender(configuration: configuration, context: context, neighbours: neighbours)
    }
}

extension EASERecommender: PersistableRecommender {
    func encodeParameters(into writer: inout ArtifactWriter) {
        writer.append(configuration.regularization)
        writer.append(configuration.neighbours)
        writer.append(configuration.recencyHalfLife)
        writer.append(configuration.feedback)
        writer.append(context)
        writer.append(array: neighbours.starts)
        writer.append(array: neighbours.indices)
        writer.append(array: neighbours.similarities)
    }

    static func decodeParameters(from reader: inout ArtifactReader) throws(ModelError) -> EASERecommender {
        let configuration = EASETrainer.Configuration(
            regularization: try reader.readFloat(), neighbours: try reader.readInt("neighbours", in: 1...10_000),
            recencyHalfLife: try reader.readFloat(), feedback: try reader.readFeedbackRule())
        try reader.checkConfiguration(configuration.validate)
        let context = try reader.readUserContext()
        let neighbours = try reader.readNeighbourLists(movieCount: context.matrix.movieCount)
        return EASERecommender(configuration: configuration, context: context, neighbours: neighbours)
    }
}

extension ALSRecommender: PersistableRecommender {
    func encodeParameters(into writer: inout ArtifactWriter) {
        writer.append(configuration.factors)
        writer.append(configuration.regularization)
        writer.append(configuration.alpha)
        writer.append(configuration.iterations)
        writer.append(configuration.cgSteps)
        writer.append(configuration.seed)
        writer.append(configuration.feedback)
        writer.append(model.context)
        writer.append(model.users)
        writer.append(model.items)
    }

    static func decodeParameters(from reader: inout ArtifactReader) throws(ModelError) -> ALSRecommender {
        let configuration = ALSTrainer.Configuration(
            factors: try reader.readInt("factors", in: 1...1024), regularization: try reader.readFloat(), alpha: try reader.readFloat(),
            iterations: try reader.readInt("iterations"), cgSteps: try reader.readInt("cg steps"), seed: try reader.read(UInt64.self),
            feedback: try reader.readFeedbackRule(), recencyHalfLife: try reader.headerFloat("recency_half_life", absent: 0))
        try reader.checkConfiguration(configuration.validate)
        let context = try reader.readUserContext()
        let users = try reader.readFactorMatrix("user factors")
        let items = try reader.readFactorMatrix("movie factors")
        guard users.rows == context.matrix.userCount, items.rows == context.matrix.movieCount, users.factors == configuration.factors,
            items.factors == configuration.factors
        else { throw reader.corrupt("factor matrices do not match the users, movies or factor count") }
        return ALSRecommender(configuration: configuration, context: context, userFactors: users, itemFactors: items)
    }
}

extension BPRRecommender: PersistableRecommender {
    func encodeParameters(into writer: inout ArtifactWriter) {
        writer.append(configuration.factors)
        writer.append(configuration.learningRate)
        writer.append(configuration.regularization)
        writer.append(configuration.iterations)
        writer.append(configuration.seed)
        writer.append(configuration.feedback)
        writer.append(model.context)
        writer.append(model.users)
        writer.append(model.items)
    }

    static func decodeParameters(from reader: inout ArtifactReader) throws(ModelError) -> BPRRecommender {
        let configuration = BPRTrainer.Configuration(
            factors: try reader.readInt("factors", in: 1...1024), learningRate: try reader.readFloat(),
            regularization: try reader.readFloat(), iterations: try reader.readInt("iterations"), seed: try reader.read(UInt64.self),
            feedback: try reader.readFeedbackRule())
        try reader.checkConfiguration(configuration.validate)
        let context = try reader.readUserContext()
        let users = try reader.readFactorMatrix("user factors")
        let items = try reader.readFactorMatrix("movie factors")
        guard users.rows == context.matrix.userCount, items.rows == context.matrix.movieCount, users.factors == configuration.factors + 1,
            items.factors == configuration.factors + 1
        else { throw reader.corrupt("factor matrices do not match the users, movies or factor count") }
        return BPRRecommender(configuration: configuration, context: context, userFactors: users, itemFactors: items)
    }
}
