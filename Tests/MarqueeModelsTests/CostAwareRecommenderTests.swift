import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

struct CostAwareRecommenderTests {
    /// A base model that ranks movies m0…m5 in order, scores 6 down to 1, for everyone.
    private struct FixedRanking: Recommender {
        let movies = (0..<6).map { MovieID("m\($0)+2000")! }
        var descriptor: ModelDescriptor { ModelDescriptor(kind: "fixed", movieCount: 6, userCount: 0) }
        func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
            Array(movies.enumerated().filter { !excluded.contains($0.element) }.map { ScoredMovie(movie: $0.element, score: Double(6 - $0.offset)) }.prefix(count))
        }
        func scores(for user: UserID, movies: [MovieID]) -> [Double?] { movies.map { movie in self.movies.firstIndex(of: movie).map { Double(6 - $0) } } }
        func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: [.init(text: "fixed", contribution: 1)]) }
    }

    /// Even movies cost 1, odd ones 10.
    private let costs = Dictionary(uniqueKeysWithValues: (0..<6).map { (MovieID("m\($0)+2000")!, $0 % 2 == 0 ? 1.0 : 10.0) })
    private let user = UserID(1)!

    @Test func weightZeroKeepsTheBaseRanking() {
        let base = FixedRanking()
        let wrapped = CostAwareRecommender(base: base, costs: costs, weight: 0)
        #expect(wrapped.recommend(for: user, count: 4, excluding: []) == base.recommend(for: user, count: 4, excluding: []))
    }

    @Test func aHeavierWeightRecommendsCheaperMoviesAndSaysWhy() throws {
        // Scores rescale to 1, 0.8, …, 0 over the candidates; a weight of 0.5 costs an odd movie 0.5 and an even one 0.05
        let wrapped = CostAwareRecommender(base: FixedRanking(), costs: costs, weight: 0.5)
        let ranked = wrapped.recommend(for: user, count: 4, excluding: []).map(\.movie.slug)
        #expect(ranked == ["m0+2000", "m2+2000", "m1+2000", "m4+2000"])
        let strong = CostAwareRecommender(base: FixedRanking(), costs: costs, weight: 5).recommend(for: user, count: 3, excluding: [])
        #expect(strong.map(\.movie.slug) == ["m0+2000", "m2+2000", "m4+2000"])
        let explanation = wrapped.explain(MovieID("m1+2000")!, for: user)
        #expect(explanation.reasons.contains { $0.text.hasPrefix("licence cost: 100 %") && $0.contribution == -0.5 })
        #expect(wrapped.descriptor.hyperparameters[CostAwareRecommender.weightKey] == "0.5")
    }

    @Test func aMovieWithoutACostCountsAsTheMedianCost() {
        var partial = costs
        partial[MovieID("m0+2000")!] = nil
        let ranked = CostAwareRecommender(base: FixedRanking(), costs: partial, weight: 5).recommend(for: user, count: 6, excluding: [])
        #expect(ranked.last?.movie.slug == "m5+2000")
    }
}
