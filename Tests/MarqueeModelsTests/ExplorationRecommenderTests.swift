import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

struct ExplorationRecommenderTests {
    private let base = FixedRankingRecommender(count: 40)
    /// A catalogue of 200 movies, the base model's 40 among them.
    private let catalogue = (0..<200).compactMap { MovieID("m\($0)+2000") }
    private let user = UserID(7)!

    @Test func shareZeroKeepsTheBaseRanking() {
        let wrapped = ExplorationRecommender(base: base, catalogue: catalogue, share: 0)
        #expect(wrapped.recommend(for: user, count: 20, excluding: []) == base.recommend(for: user, count: 20, excluding: []))
    }

    @Test func aShareOfTheSlotsSpreadThroughTheListGoesToOtherMovies() throws {
        let answer = ExplorationRecommender(base: base, catalogue: catalogue, share: 0.2, seed: 3).recommend(for: user, count: 20, excluding: [])
        let exploited = Set(base.movies.prefix(20))
        let explored = answer.enumerated().filter { !exploited.contains($0.element.movie) }.map(\.offset)
        // 4 of 20 slots, one in each fifth of the list, and the model's best movie keeps the top
        #expect(explored == [2, 7, 12, 17])
        #expect(answer.first?.movie == base.movies.first)
        #expect(Set(answer.map(\.movie)).count == 20)
        // The exploited movies keep their order; scores never increase down the list
        #expect(answer.map(\.movie).filter(exploited.contains) == Array(base.movies.prefix(16)))
        #expect(zip(answer, answer.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(ExplorationRecommender(base: base, catalogue: catalogue, share: 0.2).descriptor.hyperparameters["exploration_share"] == "0.2")
    }

    @Test func exploredMoviesAreNeverExcludedOrRepeated() {
        let excluded = Set(catalogue.dropFirst(40).prefix(150))
        let wrapped = ExplorationRecommender(base: base, catalogue: catalogue, share: 0.5)
        for rawUser in 1...50 {
            let answer = wrapped.recommend(for: UserID(Int64(rawUser))!, count: 20, excluding: excluded)
            #expect(answer.count == 20)
            #expect(Set(answer.map(\.movie)).count == answer.count)
            #expect(answer.allSatisfy { !excluded.contains($0.movie) })
        }
    }

    @Test func drawsAreStablePerUserAndSeedAndChangeWithTheSeed() {
        let first = ExplorationRecommender(base: base, catalogue: catalogue, share: 0.3, seed: 1)
        let again = ExplorationRecommender(base: base, catalogue: catalogue.reversed(), share: 0.3, seed: 1)
        let next = ExplorationRecommender(base: base, catalogue: catalogue, share: 0.3, seed: 2)
        #expect(first.recommend(for: user, count: 20, excluding: []) == again.recommend(for: user, count: 20, excluding: []))
        #expect(first.recommend(for: user, count: 20, excluding: []) != next.recommend(for: user, count: 20, excluding: []))
    }

    @Test func anExhaustedCatalogueFillsTheListFromTheModel() {
        // Every catalogue movie is already in the base answer or excluded: nothing is left to explore
        let wrapped = ExplorationRecommender(base: base, catalogue: Array(catalogue.prefix(20)), share: 0.5)
        let answer = wrapped.recommend(for: user, count: 20, excluding: [])
        #expect(answer.map(\.movie) == Array(base.movies.prefix(20)))
    }

    @Test func theExplanationOfAnExploredMovieSaysSo() throws {
        let wrapped = ExplorationRecommender(base: base, catalogue: catalogue, share: 0.2, seed: 3)
        let answer = wrapped.recommend(for: user, count: 20, excluding: [])
        let explored = try #require(answer.first { !base.movies.contains($0.movie) })
        #expect(wrapped.explain(explored.movie, for: user).reasons.first?.text.hasPrefix("exploration") == true)
        #expect(wrapped.explain(explored.movie, for: user).because() == "exploration: shown to learn whether you like it")
        #expect(wrapped.explain(base.movies[0], for: user).reasons.first?.text == "fixed")
    }

    @Test func slotsAreSpreadEvenly() {
        #expect(ExplorationRecommender.explorationSlots(count: 20, share: 0) == [])
        #expect(ExplorationRecommender.explorationSlots(count: 20, share: 0.1) == [5, 15])
        #expect(ExplorationRecommender.explorationSlots(count: 20, share: 1) == Set(0..<20))
        #expect(ExplorationRecommender.explorationSlots(count: 0, share: 0.5) == [])
    }

    /// Answers stated tastes with its ranking reversed, so a test can tell which answer a wrapper used.
    private struct StatedReversed: Recommender {
        let ranking = FixedRankingRecommender(count: 40)
        var descriptor: ModelDescriptor { ranking.descriptor }
        func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
            ranking.recommend(for: user, count: count, excluding: excluded)
        }
        func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
            let reversed = ranking.recommend(for: user, count: 40, excluding: excluded).reversed().prefix(count)
            return reversed.enumerated().map { ScoredMovie(movie: $0.element.movie, score: Double(40 - $0.offset)) }
        }
        func scores(for user: UserID, movies: [MovieID]) -> [Double?] { ranking.scores(for: user, movies: movies) }
        func explain(_ movie: MovieID, for user: UserID) -> Explanation { ranking.explain(movie, for: user) }
    }

    @Test func aStatedTasteWarmStartIsExploredAndTradedOffLikeAnyAnswer() throws {
        let taste = StatedTaste(liked: [], disliked: [])
        let explored = try #require(
            ExplorationRecommender(base: StatedReversed(), catalogue: catalogue, share: 0.2).recommend(
                for: user, stating: taste, count: 20, excluding: []))
        #expect(explored.first?.movie == base.movies.last, "the base's warm start leads")
        #expect(explored.filter { !base.movies.suffix(20).contains($0.movie) }.count == 4)
        let traded = try #require(
            TradeOffRecommender(base: StatedReversed(), tradeOff: .popularity, values: [:], weight: 1).recommend(
                for: user, stating: taste, count: 5, excluding: []))
        #expect(traded.count == 5 && traded.first?.movie == base.movies.last)
        #expect(
            ExplorationRecommender(base: base, catalogue: catalogue, share: 0.2).recommend(for: user, stating: taste, count: 20, excluding: []) == nil
        )
    }
}
