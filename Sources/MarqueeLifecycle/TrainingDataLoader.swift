import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeStore

/// Turns what the store derived from the event log into what models train and are evaluated on.
public struct TrainingDataLoader: Sendable {
    /// The store to read.
    public let store: any EventStore

    /// Creates a loader over `store`.
    public init(store: any EventStore) {
        self.store = store
    }

    /// Every (user, movie) interaction stored so far, with the runtimes, demographics and genres the catalogue knows.
    public func load() async throws(StoreError) -> TrainingData {
        try await loadEvaluationData().trainingData()
    }

    /// Every interaction with its latest event time (for temporal splits), and the catalogue's runtimes, demographics and genres.
    public func loadEvaluationData() async throws(StoreError) -> EvaluationData {
        try await evaluationData(of: try await store.interactions())
    }

    /// `interactions` with the catalogue's runtimes, demographics and genres.
    public func evaluationData(of interactions: [Interaction]) async throws(StoreError) -> EvaluationData {
        let movies = try await store.movies()
        let users = try await store.users()
        return EvaluationData(
            interactions: interactions.map { interaction in
                EvaluationData.Interaction(
                    user: interaction.user, movie: interaction.movie, minutesWatched: interaction.minutesWatched,
                    rating: interaction.latestRating, time: interaction.lastTime)
            },
            runtimes: movies.runtimesByID, users: Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            genres: movies.genreNamesByID)
    }
}
