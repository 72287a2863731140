import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeTestSupport
import Testing

struct RankingMetricsTests {
    // Recommended a b c d e; relevant a c f: hits at places 1 and 3.
    private let a = EvaluationFixtures.movie(1), b = EvaluationFixtures.movie(2), c = EvaluationFixtures.movie(3)
    private let d = EvaluationFixtures.movie(4), e = EvaluationFixtures.movie(5), f = EvaluationFixtures.movie(6)
    private var list: [MovieID] { [a, b, c, d, e] }
    private var relevant: Set<MovieID> { [a, c, f] }

    @Test func precisionDividesHitsByK() {
        // Given two hits in the top 5 and one in the top 2
        // When precision is computed
        // Then it is hits ÷ k, a short list's missing places counting as misses
        #expect(precision(at: 5, recommended: list, relevant: relevant) == 2.0 / 5)
        #expect(precision(at: 2, recommended: list, relevant: relevant) == 1.0 / 2)
        #expect(precision(at: 10, recommended: list, relevant: relevant) == 2.0 / 10)
    }

    @Test func recallDividesHitsByRelevantCount() {
        #expect(recall(at: 5, recommended: list, relevant: relevant) == 2.0 / 3)
        #expect(recall(at: 1, recommended: list, relevant: relevant) == 1.0 / 3)
        #expect(recall(at: 5, recommended: list, relevant: []) == 0)
    }

    @Test func ndcgMatchesTheHandComputedValue() {
        // Given hits at places 1 and 3 of 5, with 3 relevant movies
        // When NDCG@5 is computed
        // Then DCG = 1/log2(2) + 1/log2(4) = 1.5 and IDCG = 1 + 1/log2(3) + 1/log2(4)
        let expected = 1.5 / (1 + 1 / log2(3.0) + 0.5)
        #expect(abs(ndcg(at: 5, recommended: list, relevant: relevant) - expected) < 1e-12)
        #expect(abs(expected - 0.703_918) < 1e-6)
        // And a perfect list scores 1, an empty one 0
        #expect(ndcg(at: 2, recommended: [c, a], relevant: relevant) == 1)
        #expect(ndcg(at: 5, recommended: [], relevant: relevant) == 0)
    }

    @Test func averagePrecisionAveragesPrecisionAtEachHit() {
        // Given hits at places 1 and 3: precision 1/1 and 2/3 there
        // Then AP@5 = (1 + 2/3) / min(5, 3)
        #expect(abs(averagePrecision(at: 5, recommended: list, relevant: relevant) - (1 + 2.0 / 3) / 3) < 1e-12)
        // And with k = 2: one hit, divided by min(2, 3) = 2
        #expect(averagePrecision(at: 2, recommended: list, relevant: relevant) == 0.5)
        #expect(averagePrecision(at: 2, recommended: [a, c], relevant: relevant) == 1)
    }

    @Test func hitRateIsOneWhenAnyTopKMovieIsRelevant() {
        #expect(hitRate(at: 1, recommended: list, relevant: relevant) == 1)
        #expect(hitRate(at: 2, recommended: [b, d, a], relevant: relevant) == 0)
        #expect(hitRate(at: 3, recommended: [b, d, a], relevant: relevant) == 1)
    }

    @Test func duplicateRecommendationsCountOnce() {
        #expect(hits(at: 3, recommended: [a, a, a], relevant: relevant) == 1)
    }

    @Test func coverageIsTheShareOfTheCatalogueRecommended() {
        // Given lists {a, b} and {b, c} over a catalogue of 4 movies
        // Then 3 distinct movies of 4 are covered
        #expect(catalogueCoverage(of: [[a, b], [b, c]], catalogueSize: 4) == 0.75)
    }

    @Test func noveltyIsTheMeanPopularityRank() {
        // Given ranks a = 1, b = 2, c = 3
        let ranks = [a: 1, b: 2, c: 3]
        // Then lists {a, b} and {b, c} have mean rank (1 + 2 + 2 + 3) / 4
        #expect(novelty(of: [[a, b], [b, c]], popularityRank: ranks) == 2)
        // And an unranked movie counts as one past the least popular
        #expect(novelty(of: [[d]], popularityRank: ranks) == 4)
    }

    @Test func personalisationIsTheShareOfDistinctLists() {
        // Given three lists, two identical and one the same movies in another order
        // Then 2 of 3 lists are distinct (order matters)
        #expect(abs(personalisation(of: [[a, b], [a, b], [b, a]]) - 2.0 / 3) < 1e-12)
        #expect(personalisation(of: [[a], [b]]) == 1)
    }

    @Test func latencyPercentilesUseNearestRank() {
        // Given latencies 1…100 ms
        let summary = LatencySummary(milliseconds: (1...100).map(Double.init).reversed())
        // Then p50 = 50 and p99 = 99
        #expect(summary.p50 == 50)
        #expect(summary.p99 == 99)
        #expect(LatencySummary(milliseconds: [7]).p99 == 7)
    }
}
