import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

/// "Because you watched X" must be true to the model: remove X from the user's history, train again, and X no longer
/// explains the recommendation.
struct ExplanationFaithfulnessTests {
    @Test(arguments: [ModelKind.itemKNN, .als])
    func removingTheCitedHistoryChangesTheExplanation(kind: ModelKind) throws {
        // Given a user's top recommendation and the watched movie that explains it most
        let data = ModelFixtures.clustered()
        let user = try #require(data.users.keys.sorted().first)
        let model = try kind.train(data)
        let watched = Set(data.interactions.filter { $0.user == user }.map(\.movie))
        let top = try #require(model.recommend(for: user, count: 1, excluding: watched).first?.movie)
        let explanation = model.explain(top, for: user)
        let cited = try #require(explanation.reasons.first { $0.movie != nil && $0.contribution > 0 }?.movie)
        let sentence = try #require(explanation.because())
        #expect(sentence.hasPrefix("because you watched ") && sentence.contains(Explanation.readableTitle(cited)))

        // When that movie is removed from the user's history and the model trained again
        var without = data
        without.interactions.removeAll { $0.user == user && $0.movie == cited }
        let retrained = try kind.train(without)

        // Then it no longer explains the recommendation, and the sentence changes
        let after = retrained.explain(top, for: user)
        #expect(!after.reasons.contains { $0.movie == cited })
        #expect(after.because() != sentence)
    }

    @Test func readableTitlesKeepTheYearApart() {
        #expect(Explanation.readableTitle(MovieID("the+matrix+1999")!) == "the matrix (1999)")
        #expect(Explanation.readableTitle(MovieID("heat")!) == "heat")
    }

    @Test func anExplanationWithoutWatchedMoviesFallsBackToItsStrongestReason() {
        let explanation = Explanation(reasons: [.init(text: "popular with F 25-34", contribution: 3)])
        #expect(explanation.because() == "popular with F 25-34")
        #expect(Explanation(reasons: []).because() == nil)
    }
}
