import MarqueeCore

/// A model's ranking traded against licence cost: among the base model's top ``candidateCount`` movies, each is ranked
/// by its score rescaled to 0–1 over those candidates minus `weight` × its cost relative to the dearest movie.
/// Weight 0 is the base ranking; weight 1 lets the cheapest of two movies win unless the dearer one is much better
/// liked. Movies without a known cost count as the median cost.
public struct CostAwareRecommender: Recommender {
    /// The hyperparameter that records the weight with a registered version.
    public static let weightKey = "cost_weight"

    public let base: any Recommender
    public let weight: Double
    /// How many of the base model's movies are re-ranked.
    public let candidateCount: Int
    private let relativeCosts: [MovieID: Double]
    private let defaultCost: Double

    /// Wraps `base` with licence `costs` per view.
    public init(base: any Recommender, costs: [MovieID: Double], weight: Double, candidateCount: Int = 100) {
        self.base = base
        self.weight = max(0, weight)
        self.candidateCount = max(1, candidateCount)
        let dearest = costs.values.max() ?? 0
        relativeCosts = dearest > 0 ? costs.mapValues { max(0, $0) / dearest } : [:]
        let sorted = relativeCosts.values.sorted()
        defaultCost = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    public var descriptor: ModelDescriptor {
        var descriptor = base.descriptor
        descriptor.hyperparameters[Self.weightKey] = String(weight)
        return descriptor
    }

    public var personalisedUsers: [UserID] { base.personalisedUsers }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        let candidates = base.recommend(for: user, count: max(count, candidateCount), excluding: excluded)
        guard weight > 0, let high = candidates.first?.score, let low = candidates.last?.score else { return Array(candidates.prefix(count)) }
        let span = high - low
        let ranked = candidates.map { candidate in
            ScoredMovie(movie: candidate.movie, score: (span > 0 ? (candidate.score - low) / span : 1) - weight * cost(of: candidate.movie))
        }
        return Array(ranked.sorted { $0.score != $1.score ? $0.score > $1.score : $0.movie < $1.movie }.prefix(count))
    }

    /// The base model's scores: the trade-off is relative to a user's candidates, so it has no absolute score.
    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] { base.scores(for: user, movies: movies) }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        var explanation = base.explain(movie, for: user)
        guard weight > 0 else { return explanation }
        let penalty = weight * cost(of: movie)
        explanation.reasons.append(
            .init(text: "licence cost: \(Int((cost(of: movie) * 100).rounded())) % of the dearest movie, weighed \(weight)", contribution: -penalty))
        return explanation
    }

    private func cost(of movie: MovieID) -> Double { relativeCosts[movie] ?? defaultCost }
}
