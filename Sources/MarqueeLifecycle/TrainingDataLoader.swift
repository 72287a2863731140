import MarqueeCore
import MarqueeModels
import MarqueeStore

/// Turns what the store derived from the event log into what models train on.
public struct TrainingDataLoader: Sendable {
    /// The store to read.
    public let store: any EventStore

    /// Creates a loader over `store`.
    public init(store: any EventStore) {
        self.store = store
    }

    /// Every (user, movie) interaction stored so far, with the runtimes and demographics the catalogue knows.
    public func load() async throws(StoreError) -> TrainingData {
        let interactions = try await store.interactions()
        let movies = try await store.movies()
        let users = try await store.users()
        return TrainingData(
            interactions: interactions.map { interaction in
                TrainingData.Interaction(
                    user: interaction.user, movie: interaction.movie,
                    minutesWatched: interaction.minutesWatched, rating: interaction.latestRating)
            },
            runtimes: Dictionary(movies.compactMap { movie in movie.runtime.map { (movie.id, $0) } }, uniquingKeysWith: { first, _ in first }),
            users: Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        )
    }
}
