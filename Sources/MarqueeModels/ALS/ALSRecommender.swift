import MarqueeCore

/// A trained implicit-feedback ALS model (see ``ALSTrainer``).
///
/// Recommends by `user · movie` over every movie with a bounded heap, skipping the user's trained movies and the
/// excluded ones. Explains like `implicit`'s `explain`: with `W = YᵀY + λI + Yᵀ(Cᵤ − I)Y`, the least-squares user
/// vector is `xᵤ = Σᵢ cᵤᵢ W⁻¹ yᵢ`, so the score of movie `j` splits exactly into one term `cᵤᵢ · yⱼᵀ W⁻¹ yᵢ` per watched
/// movie `i`; those terms are the reasons. (They sum to the exact least-squares score, which the few CG steps
/// approximate closely.)
public struct ALSRecommender: Recommender {
    /// The model kind.
    public static let kind = "als"

    /// The hyperparameters it was trained with.
    public let configuration: ALSTrainer.Configuration
    let model: FactorModel
    /// `YᵀY + λI` (padded), for explanations.
    private let regularizedGram: [Float]

    init(configuration: ALSTrainer.Configuration, context: UserContext, userFactors: FactorMatrix, itemFactors: FactorMatrix) {
        self.configuration = configuration
        self.model = FactorModel(context: context, users: userFactors, items: itemFactors)
        var gram = itemFactors.gram(threads: max(1, configuration.threads))
        for factor in 0..<itemFactors.factors { gram[factor * itemFactors.stride + factor] += configuration.regularization }
        self.regularizedGram = gram
    }

    public var personalisedUsers: [UserID] { model.context.matrix.users }

    public var coldStartUsers: [UserID] { model.context.coldStart.knownUsers }

    /// Every user it knows nothing about gets global popularity.
    public var answersStrangersAlike: Bool { true }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            kind: Self.kind, hyperparameters: configuration.hyperparameters, movieCount: model.context.matrix.movieCount,
            userCount: model.context.matrix.userCount, memoryBytes: model.memoryBytes + regularizedGram.count * 4)
    }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        model.recommend(for: user, count: count, excluding: excluded)
    }

    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] {
        model.scores(for: user, movies: movies)
    }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        let matrix = model.context.matrix
        guard let row = matrix.index(of: user) else {
            return model.context.coldStart.explain(index: matrix.index(of: movie), for: user)
        }
        guard let target = matrix.index(of: movie) else { return Explanation(reasons: []) }
        let stride = model.items.stride
        let factors = model.items.factors
        let items = model.items.storage
        let (columns, values) = matrix.row(row)
        let w = weightedGram(adding: zip(columns, values).map { (Int($0), Double(configuration.alpha * $1)) })
        let targetVector = (0..<factors).map { Double(items[target * stride + $0]) }
        guard let solved = Cholesky(w, size: factors)?.solve(targetVector) else { return Explanation(reasons: []) }
        var reasons: [Explanation.Reason] = []
        for (column, value) in zip(columns, values) {
            let base = Int(column) * stride
            var similarity = 0.0
            for i in 0..<factors { similarity += solved[i] * Double(items[base + i]) }
            let contribution = Double(1 + configuration.alpha * value) * similarity
            let watched = matrix.movies[Int(column)]
            reasons.append(.init(text: "because you watched \(watched.slug)", movie: watched, contribution: contribution))
        }
        reasons.sort(by: Explanation.Reason.strongerFirst)
        return Explanation(reasons: Array(reasons.prefix(10)))
    }

    /// `W = YᵀY + λI + Σ extra · yᵢ yᵢᵀ` over the `(movie index, extra)` pairs, row-major `factors × factors`, in Double.
    func weightedGram(adding terms: [(index: Int, extra: Double)]) -> [Double] {
        let (stride, factors, items) = (model.items.stride, model.items.factors, model.items.storage)
        var w = [Double](repeating: 0, count: factors * factors)
        for i in 0..<factors {
            for j in 0..<factors { w[i * factors + j] = Double(regularizedGram[i * stride + j]) }
        }
        for (index, extra) in terms {
            let base = index * stride
            for i in 0..<factors {
                let scaled = extra * Double(items[base + i])
                for j in 0..<factors { w[i * factors + j] += scaled * Double(items[base + j]) }
            }
        }
        return w
    }

    /// The implicit-ALS objective on the training matrix: `Σ cᵤᵢ (pᵤᵢ − xᵤ·yᵢ)² + λ (‖X‖² + ‖Y‖²)` over all pairs.
    public func trainingLoss() -> Double {
        let matrix = model.context.matrix
        let stride = model.items.stride
        let gram = model.items.gram(threads: max(1, configuration.threads))
        let users = model.users.storage
        var loss = 0.0
        for row in 0..<matrix.userCount {
            let base = row * stride
            var quadratic = 0.0
            for i in 0..<stride where users[base + i] != 0 {
                var inner = 0.0
                for j in 0..<stride { inner += Double(gram[i * stride + j]) * Double(users[base + j]) }
                quadratic += Double(users[base + i]) * inner
            }
            loss += quadratic
            let (columns, values) = matrix.row(row)
            for (column, value) in zip(columns, values) {
                let prediction = Double(model.score(row: row, movie: Int(column)))
                let confidence = Double(1 + configuration.alpha * value)
                loss += confidence * (1 - prediction) * (1 - prediction) - prediction * prediction
            }
        }
        let norms = (model.users.storage + model.items.storage).reduce(0.0) { $0 + Double($1) * Double($1) }
        return loss + Double(configuration.regularization) * norms
    }
}
