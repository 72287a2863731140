import Foundation
import MarqueeCore
import MarqueeModels

/// Offline NDCG@20 corrected for exposure, so that it predicts how a model does with users better than plain NDCG.
///
/// Logged watches are exposure-biased: people watch what they come across, and what they came across was mostly popular
/// or recommended by the model in production. Plain NDCG on held-out watches therefore rewards a model for ranking the
/// popular movies, and production's own picks, first. Two corrections:
/// - ``inversePropensity(of:on:exponent:)`` weighs each held-out watch by `1/pᵐ^exponent`, `pₘ` the share of training
///   users who watched movie `m` (its exposure, as far as the log shows), self-normalised per user: a hit on a movie
///   few people came across counts for more.
/// - ``unexposed(of:on:shown:)`` keeps only held-out watches of movies that were not in any list the user was shown
///   in the test period: what they chose on their own, independently of what production recommended.
public enum ExposureAwareNDCG {
    /// The inverse-propensity-weighted NDCG@20 of `recommender` on `split`'s test users.
    public static func inversePropensity(of recommender: any Recommender, on split: EvaluationSplit, exponent: Double = 1) -> Double {
        var watchers: [MovieID: Int] = [:]
        var users = Set<UserID>()
        for interaction in split.train {
            watchers[interaction.movie, default: 0] += 1
            users.insert(interaction.user)
        }
        let population = Double(max(1, users.count))
        func weight(_ movie: MovieID) -> Double {
            let share = Double(watchers[movie, default: 0] + 1) / (population + 1)
            return pow(share, -exponent)
        }
        var total = 0.0
        for testCase in split.cases {
            let list = recommender.recommend(for: testCase.user, count: 20, excluding: testCase.excluded).map(\.movie)
            total += weightedNDCG(list: list, relevant: testCase.relevant, weight: weight)
        }
        return split.cases.isEmpty ? 0 : total / Double(split.cases.count)
    }

    /// NDCG@20 over held-out watches of movies not shown to the user in the test period; users whose every held-out
    /// watch was shown are left out. `shown` maps each user to the movies listed to them at or after the split's cut.
    public static func unexposed(of recommender: any Recommender, on split: EvaluationSplit, shown: [UserID: Set<MovieID>]) -> Double {
        var total = 0.0
        var count = 0
        for testCase in split.cases {
            let relevant = testCase.relevant.subtracting(shown[testCase.user] ?? [])
            guard !relevant.isEmpty else { continue }
            let list = recommender.recommend(for: testCase.user, count: 20, excluding: testCase.excluded).map(\.movie)
            total += ndcg(at: 20, recommended: list, relevant: relevant)
            count += 1
        }
        return count == 0 ? 0 : total / Double(count)
    }

    /// The movies listed to each user at or after `split`'s cut (all of `impressions` for a per-user split): the
    /// `shown` of ``unexposed(of:on:shown:)``.
    public static func shownInTestPeriod(_ impressions: [EvaluationData.Impression], of split: EvaluationSplit) -> [UserID: Set<MovieID>] {
        var shown: [UserID: Set<MovieID>] = [:]
        for impression in impressions where split.cutTime.map({ impression.time >= $0 }) ?? true {
            shown[impression.user, default: []].formUnion(impression.movies)
        }
        return shown
    }

    /// NDCG@20 with graded gains `weight(m)` for relevant movies; the ideal list puts the heaviest relevant movies first.
    static func weightedNDCG(list: [MovieID], relevant: Set<MovieID>, weight: (MovieID) -> Double) -> Double {
        guard !relevant.isEmpty else { return 0 }
        var dcg = 0.0
        for (place, movie) in list.prefix(20).enumerated() where relevant.contains(movie) { dcg += weight(movie) / log2(Double(place + 2)) }
        let gains = relevant.map(weight).sorted(by: >)
        var ideal = 0.0
        for (place, gain) in gains.prefix(20).enumerated() { ideal += gain / log2(Double(place + 2)) }
        return ideal > 0 ? dcg / ideal : 0
    }
}
