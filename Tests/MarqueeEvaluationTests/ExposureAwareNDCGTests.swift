import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeTestSupport
import Testing

struct ExposureAwareNDCGTests {
    /// Movies m0 (watched by every training user: heavily exposed) and m1 (watched by one), and a test user who
    /// later watched both. Training: users 1…9 watched m0; user 9 also watched m1 and m2.
    private func split() throws -> EvaluationSplit {
        let start = EventTime(microseconds: 1_000_000_000_000)
        var interactions: [EvaluationData.Interaction] = []
        func watch(_ user: Int64, _ movie: Int, _ day: Double) {
            interactions.append(
                .init(
                    user: UserID(user)!, movie: EvaluationFixtures.movie(movie), minutesWatched: 90, rating: nil,
                    time: start.adding(seconds: day * 86_400)))
        }
        for user in Int64(1)...9 { watch(user, 0, 0) }
        watch(9, 1, 0)
        watch(9, 2, 0)
        watch(1, 2, 0)
        // The test period: user 1 watches m0 again is excluded (already trained); user 2 watches m1 and m2.
        watch(2, 1, 10)
        watch(2, 2, 10)
        return try EvaluationSplit(EvaluationData(interactions: interactions), configuration: SplitConfiguration(method: .global(quantile: 0.9)))
    }

    @Test func inversePropensityCountsAHitOnARarelyWatchedMovieForMore() throws {
        // Given a test user who watched m1 (one training watcher) and m2 (two)
        let split = try split()
        // When one model ranks m1 first and another ranks m2 first
        let rareFirst = ListRecommender(movies: [1, 2, 0])
        let commonFirst = ListRecommender(movies: [2, 1, 0])
        // Then plain NDCG cannot tell them apart, but the exposure-weighted one prefers the rarely watched hit
        #expect(abs(evaluate(rareFirst, on: split).metrics.ndcg20 - evaluate(commonFirst, on: split).metrics.ndcg20) < 1e-12)
        let rare = ExposureAwareNDCG.inversePropensity(of: rareFirst, on: split)
        let common = ExposureAwareNDCG.inversePropensity(of: commonFirst, on: split)
        #expect(rare > common)
        // And a list with both hits first scores 1 in the best order
        #expect(abs(rare - 1) < 1e-12)
        // And exponent 0 is plain NDCG
        #expect(
            abs(ExposureAwareNDCG.inversePropensity(of: commonFirst, on: split, exponent: 0) - evaluate(commonFirst, on: split).metrics.ndcg20)
                < 1e-12)
    }

    @Test func unexposedLeavesOutWatchesOfMoviesTheUserWasShown() throws {
        // Given the test user was shown m2 in the test period, so their watch of it may have been a followed recommendation
        let split = try split()
        let shown = [UserID(2)!: Set([EvaluationFixtures.movie(2)])]
        // When models are scored on the unexposed watches only
        let rareFirst = ListRecommender(movies: [1, 2, 0])
        let commonFirst = ListRecommender(movies: [2, 1, 0])
        // Then only the watch of m1 counts: ranking it first scores 1, second 1/log2(3)
        #expect(ExposureAwareNDCG.unexposed(of: rareFirst, on: split, shown: shown) == 1)
        #expect(abs(ExposureAwareNDCG.unexposed(of: commonFirst, on: split, shown: shown) - 1 / log2(3.0)) < 1e-12)
        // And a user every held-out watch of whom was shown is left out
        let everything = [UserID(2)!: Set([EvaluationFixtures.movie(1), EvaluationFixtures.movie(2)])]
        #expect(ExposureAwareNDCG.unexposed(of: rareFirst, on: split, shown: everything) == 0)
    }
}

/// Recommends movies `m<i>+2000` in the given order to everyone.
private struct ListRecommender: Recommender {
    let order: [MovieID]

    init(movies: [Int]) { order = movies.map(EvaluationFixtures.movie) }

    var descriptor: ModelDescriptor { ModelDescriptor(kind: "list", movieCount: order.count, userCount: 0) }

    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        order.filter { !excluded.contains($0) }.prefix(count).enumerated().map { ScoredMovie(movie: $0.element, score: -Double($0.offset)) }
    }

    func scores(for user: UserID, movies: [MovieID]) -> [Double?] { movies.map { order.firstIndex(of: $0).map { -Double($0) } } }

    func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: []) }
}
