import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

struct TradeOffRecommenderTests {
    /// Even movies cost 1, odd ones 10.
    private let costs = Dictionary(uniqueKeysWithValues: (0..<6).map { (MovieID("m\($0)+2000")!, $0 % 2 == 0 ? 1.0 : 10.0) })
    private let user = UserID(1)!

    @Test func weightZeroKeepsTheBaseRanking() {
        let base = FixedRankingRecommender()
        let wrapped = TradeOffRecommender(base: base, tradeOff: .licenceCost, values: costs, weight: 0)
        #expect(wrapped.recommend(for: user, count: 4, excluding: []) == base.recommend(for: user, count: 4, excluding: []))
    }

    @Test func aHeavierWeightRecommendsCheaperMoviesAndSaysWhy() throws {
        // Scores rescale to 1, 0.8, …, 0 over the candidates; a weight of 0.5 costs an odd movie 0.5 and an even one 0.05
        let wrapped = TradeOffRecommender(base: FixedRankingRecommender(), tradeOff: .licenceCost, values: costs, weight: 0.5)
        let ranked = wrapped.recommend(for: user, count: 4, excluding: []).map(\.movie.slug)
        #expect(ranked == ["m0+2000", "m2+2000", "m1+2000", "m4+2000"])
        let strong = TradeOffRecommender(base: FixedRankingRecommender(), tradeOff: .licenceCost, values: costs, weight: 5).recommend(
            for: user, count: 3, excluding: [])
        #expect(strong.map(\.movie.slug) == ["m0+2000", "m2+2000", "m4+2000"])
        let explanation = wrapped.explain(MovieID("m1+2000")!, for: user)
        #expect(explanation.reasons.contains { $0.text.hasPrefix("licence cost: 100 %") && $0.contribution == -0.5 })
        #expect(wrapped.descriptor.hyperparameters["cost_weight"] == "0.5")
    }

    @Test func weighingPopularityMovesLessWatchedMoviesUp() {
        // m0 is watched by 100 users, the others by 1: with a weight of 2 the most watched falls behind them all
        var watchers = Dictionary(uniqueKeysWithValues: (1..<6).map { (MovieID("m\($0)+2000")!, 1.0) })
        watchers[MovieID("m0+2000")!] = 100
        let ranked = TradeOffRecommender(base: FixedRankingRecommender(), tradeOff: .popularity, values: watchers, weight: 2).recommend(
            for: user, count: 6, excluding: [])
        #expect(ranked.last?.movie.slug == "m0+2000")
        #expect(TradeOff.popularity.weightKey == "exposure_weight")
    }

    @Test func aMovieWithoutACostCountsAsTheMedianCost() {
        var partial = costs
        partial[MovieID("m0+2000")!] = nil
        let ranked = TradeOffRecommender(base: FixedRankingRecommender(), tradeOff: .licenceCost, values: partial, weight: 5).recommend(
            for: user, count: 6, excluding: [])
        #expect(ranked.last?.movie.slug == "m5+2000")
    }
}
