import MarqueeCore

/// What a ``TradeOffRecommender`` weighs against predicted enjoyment.
public enum TradeOff: String, CaseIterable, Sendable {
    /// The licence fee per view: cheaper movies move up.
    case licenceCost = "cost"
    /// How many users watched the movie: less-watched movies move up, spreading exposure over the catalogue.
    case popularity = "exposure"

    /// The hyperparameter that records the weight with a registered version, e.g. `cost_weight`.
    public var weightKey: String { rawValue + "_weight" }

    /// How a reason names the penalty.
    var reasonName: String {
        switch self {
        case .licenceCost: "licence cost"
        case .popularity: "popularity"
        }
    }

    /// What the relative value is relative to.
    var reasonScale: String {
        switch self {
        case .licenceCost: "the dearest movie"
        case .popularity: "the most watched movie"
        }
    }
}

/// A model's ranking traded against a per-movie penalty (licence cost, or popularity for exposure): among the base
/// model's top ``candidateCount`` movies, each is ranked by its score rescaled to 0–1 over those candidates minus
/// `weight` × its penalty relative to the largest. Weight 0 is the base ranking. Movies without a known value count as
/// the median.
public struct TradeOffRecommender: Recommender {
    public let base: any Recommender
    public let tradeOff: TradeOff
    public let weight: Double
    /// How many of the base model's movies are re-ranked.
    public let candidateCount: Int
    private let relative: [MovieID: Double]
    private let median: Double

    /// Wraps `base`, weighing `values` (licence cost per view, or watchers) per movie.
    public init(base: any Recommender, tradeOff: TradeOff, values: [MovieID: Double], weight: Double, candidateCount: Int = 100) {
        self.base = base
        self.tradeOff = tradeOff
        self.weight = max(0, weight)
        self.candidateCount = max(1, candidateCount)
        let largest = values.values.max() ?? 0
        relative = largest > 0 ? values.mapValues { max(0, $0) / largest } : [:]
        let sorted = relative.values.sorted()
        median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    public var descriptor: ModelDescriptor {
        var descriptor = base.descriptor
        descriptor.hyperparameters[tradeOff.weightKey] = String(weight)
        return descriptor
    }

    public var personalisedUsers: [UserID] { base.personalisedUsers }

    public var coldStartUsers: [UserID] { base.coldStartUsers }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        trade(base.recommend(for: user, count: max(count, candidateCount), excluding: excluded), count: count)
    }

    /// The base model's warm start for a user who stated their taste, traded off the same way.
    public func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
        base.recommend(for: user, stating: taste, count: max(count, candidateCount), excluding: excluded).map { trade($0, count: count) }
    }

    /// The best `count` of the base model's `candidates` after the trade-off.
    private func trade(_ candidates: [ScoredMovie], count: Int) -> [ScoredMovie] {
        guard weight > 0, let high = candidates.first?.score, let low = candidates.last?.score else { return Array(candidates.prefix(count)) }
        let span = high - low
        let ranked = candidates.map { candidate in
            ScoredMovie(movie: candidate.movie, score: (span > 0 ? (candidate.score - low) / span : 1) - weight * penalty(of: candidate.movie))
        }
        return Array(ranked.sorted { $0.score != $1.score ? $0.score > $1.score : $0.movie < $1.movie }.prefix(count))
    }

    /// The base model's scores: the trade-off is relative to a user's candidates, so it has no absolute score.
    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] { base.scores(for: user, movies: movies) }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        withPenalty(base.explain(movie, for: user), of: movie)
    }

    public func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation? {
        base.explain(movie, for: user, stating: taste).map { withPenalty($0, of: movie) }
    }

    /// `explanation` with the trade-off's penalty of `movie` as a reason.
    private func withPenalty(_ explanation: Explanation, of movie: MovieID) -> Explanation {
        var explanation = explanation
        guard weight > 0 else { return explanation }
        let share = penalty(of: movie)
        explanation.reasons.append(
            .init(
                text: "\(tradeOff.reasonName): \(Int((share * 100).rounded())) % of \(tradeOff.reasonScale), weighed \(weight)",
                contribution: -weight * share))
        return explanation
    }

    private func penalty(of movie: MovieID) -> Double { relative[movie] ?? median }
}
