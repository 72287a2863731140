import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore
import Testing

struct TrainingDataLoaderTests {
    @Test func loadsOneInteractionPerUserAndMovieWithMinutesAndLatestRating() async throws {
        // Given a store with three watch minutes and two ratings of one movie by one user
        let store = try SQLiteEventStore.inMemory()
        let movie = try #require(MovieID("alien+1979"))
        let user = try #require(UserID(7))
        let start = try #require(EventTime(year: 2025, month: 1, day: 1))
        let events = (0..<3).map { minute in
            Event(time: start.adding(seconds: Double(minute * 60)), user: user, kind: .watch(movie: movie, minute: minute))
        } + [
            Event(time: start.adding(seconds: 500), user: user, kind: .rate(movie: movie, rating: 2)),
            Event(time: start.adding(seconds: 900), user: user, kind: .rate(movie: movie, rating: 5)),
        ]
        _ = try await store.store(IngestBatch(source: "test", events: events))
        // When training data is loaded
        let data = try await TrainingDataLoader(store: store).load()
        // Then it holds one interaction with 3 minutes, the latest rating and the time of the pair's latest event
        #expect(data.interactions == [.init(user: user, movie: movie, minutesWatched: 3, rating: 5, time: start.adding(seconds: 900))])
    }
}
