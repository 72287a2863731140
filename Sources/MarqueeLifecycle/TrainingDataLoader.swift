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

    /// Every (user, movie) interaction stored so far, as training data.
    public func load() async throws(StoreError) -> TrainingData {
        let interactions = try await store.interactions()
        return TrainingData(interactions: interactions.map { interaction in
            TrainingData.Interaction(
                user: interaction.user, movie: interaction.movie,
                minutesWatched: interaction.minutesWatched, rating: interaction.latestRating)
        })
    }
}
