import MarqueeEvaluation
import MarqueeLab
import MarqueeServer
import MarqueeTestSupport
import Testing

/// The warm start from self-descriptions against the plain cold start, on a seeded simulated service.
@Suite(.dedicatedThreads)
struct WarmStartStudyTests {
    @Test(.timeLimit(.minutes(10)))
    func warmStartPredictsNewUsersFirstWatchesBetterThanTheColdStart() async throws {
        // Given the measured world of bench/RESULTS.md (3,000 users × 600 movies, 14 days of training data, then 7 days
        // in which new users sign up, describe themselves and watch), with the seed the evidence weight was chosen on
        var configuration = WarmStartStudy.Configuration()
        configuration.seed = 3
        configuration.models = ["item-knn"]
        // When the model answers the new users cold and warm
        let result = try await WarmStartStudy(configuration: configuration).run()
        // Then enough new users are measured, and nearly every named title is found, almost never a wrong one
        #expect(result.newUsers >= 200, "\(result.newUsers) new users")
        #expect(Double(result.matchedLikes) >= 0.95 * Double(result.namedLikes), "\(result.matchedLikes) of \(result.namedLikes)")
        #expect(Double(result.wrongMatches) <= 0.02 * Double(result.namedLikes), "\(result.wrongMatches) wrong")
        // And the warm start beats the cold start: a per-user recall gain whose 95 % interval excludes 0, at least 5 %
        // more recall overall, and no fewer users with a hit
        let comparison = try #require(result.comparisons.first { $0.model == "item-knn" }?.comparison)
        #expect(comparison.recallGain.lower > 0, "\(comparison)")
        #expect(comparison.warm.recall >= 1.05 * comparison.cold.recall, "\(comparison)")
        #expect(comparison.warm.hitRate.rate >= comparison.cold.hitRate.rate, "\(comparison)")
    }
}
