import MarqueeCore
import MarqueeModels
import Testing

struct PopularityRecommenderTests {
    private func movie(_ slug: String) -> MovieID { MovieID(slug)! }
    private func user(_ id: Int64) -> UserID { UserID(id)! }

    private var data: TrainingData {
        TrainingData(interactions: [
            .init(user: user(1), movie: movie("a+2000"), minutesWatched: 90, rating: nil),
            .init(user: user(2), movie: movie("a+2000"), minutesWatched: 50, rating: nil),
            .init(user: user(3), movie: movie("a+2000"), minutesWatched: 2, rating: nil),
            .init(user: user(1), movie: movie("b+2001"), minutesWatched: 40, rating: 5),
            .init(user: user(3), movie: movie("c+2002"), minutesWatched: 1, rating: 5),
            .init(user: user(4), movie: movie("d+2003"), minutesWatched: 3, rating: nil),
        ])
    }

    @Test func ranksMoviesByEngagedUsers() {
        let model = PopularityRecommender(training: data)
        #expect(model.ranking.map(\.movie.slug) == ["a+2000", "b+2001", "c+2002", "d+2003"])
        #expect(model.ranking.first?.score == 2)
    }

    @Test func excludesWatchedMoviesAndRespectsCount() {
        let model = PopularityRecommender(training: data)
        let list = model.recommend(for: user(1), count: 2, excluding: [movie("a+2000"), movie("b+2001")])
        #expect(list.map(\.movie.slug) == ["c+2002", "d+2003"])
    }

    @Test func recommend_whenCountExceedsCatalogue_returnsEveryMovieOnce() {
        let model = PopularityRecommender(training: data)
        let list = model.recommend(for: user(9), count: 20, excluding: [])
        #expect(list.count == 4)
        #expect(Set(list.map(\.movie)).count == 4)
    }

    @Test func trainingIsDeterministicUnderInputOrder() {
        let shuffled = TrainingData(interactions: data.interactions.reversed())
        #expect(PopularityRecommender(training: shuffled).ranking == PopularityRecommender(training: data).ranking)
    }

    @Test func describesItself() {
        let descriptor = PopularityRecommender(training: data).descriptor
        #expect(descriptor.kind == "popularity")
        #expect(descriptor.movieCount == 4)
        #expect(descriptor.hyperparameters["minimum_minutes"] == "10")
    }
}
