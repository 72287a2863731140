import MarqueeCore
import MarqueeModels
import Testing

/// `FeedbackRule(scale:)`: which ratings are likes and dislikes follows the service's rating scale.
struct FeedbackRuleScaleTests {
    @Test func theOlderScaleKeepsTheDefaultRuleAndTheNewerOneTheTenPointRule() {
        #expect(FeedbackRule(scale: .fiveStars) == FeedbackRule())
        #expect(FeedbackRule(scale: .tenPoints) == .tenPointScale)
        #expect(FeedbackRule(scale: .fiveStars).likedRating == 4)
        #expect(FeedbackRule(scale: .tenPoints).likedRating == 7)
    }

    @Test func onTheTenPointScaleSevenIsALikeAndThreeOrFourDropThePair() {
        let rule = FeedbackRule(scale: .tenPoints)
        #expect(rule.weight(minutesWatched: 100, rating: 3, runtime: 100) == 0)
        #expect(rule.weight(minutesWatched: 100, rating: 4, runtime: 100) == 0)
        #expect(rule.weight(minutesWatched: 0, rating: 6, runtime: 100) == 0)
        #expect(rule.weight(minutesWatched: 0, rating: 7, runtime: 100) > 0)
        #expect(rule.weight(minutesWatched: 0, rating: 10, runtime: 100) == 1)
    }

    @Test func theCatalogueTrainsPopularityOnLikesOfTheScale() throws {
        let interactions = [
            TrainingData.Interaction(user: try #require(UserID(1)), movie: try #require(MovieID("a+2000")), minutesWatched: 0, rating: 7),
            TrainingData.Interaction(user: try #require(UserID(2)), movie: try #require(MovieID("b+2000")), minutesWatched: 0, rating: 5),
        ]
        let older = try ModelKinds.trainer(kind: "popularity").train(on: TrainingData(interactions: interactions))
        let newer = try ModelKinds.trainer(kind: "popularity", ratingScale: .tenPoints).train(on: TrainingData(interactions: interactions))
        #expect(older.descriptor.hyperparameters["minimum_rating"] == "4")
        #expect(newer.descriptor.hyperparameters["minimum_rating"] == "7")
    }
}
