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
    public func loadEvaluationData(includingImpressions: Bool = false) async throws(StoreError) -> EvaluationData {
        try await evaluationData(of: try await store.interactions(), includingImpressions: includingImpressions)
    }

    /// How many days of shown lists ``evaluationData(of:includingImpressions:)`` reads, back from the latest interaction.
    public static let impressionWindowDays = 28

    /// `interactions` with the catalogue's runtimes, demographics and genres; with `includingImpressions`, also the
    /// lists the service logged as shown in the ``impressionWindowDays`` up to the latest interaction (a window, so the
    /// read does not grow with all history).
    public func evaluationData(of interactions: [Interaction], includingImpressions: Bool = false) async throws(StoreError) -> EvaluationData {
        let movies = try await store.movies()
        let users = try await store.users()
        var impressions: [EvaluationData.Impression] = []
        if includingImpressions, let latest = interactions.map(\.lastTime).max() {
            let start = latest.adding(seconds: -Double(Self.impressionWindowDays) * 86_400)
            for logged in try await store.recommendationRequests(since: start) where logged.time <= latest {
                if case .movies(let shown) = logged.request.result, !shown.isEmpty {
                    impressions.append(EvaluationData.Impression(user: logged.user, movies: shown, time: logged.time))
                }
            }
        }
        return EvaluationData(
            interactions: interactions.map { interaction in
                EvaluationData.Interaction(
                    user: interaction.user, movie: interaction.movie, minutesWatched: interaction.minutesWatched,
                    rating: interaction.latestRating, time: interaction.lastTime)
            },
            runtimes: movies.runtimesByID, users: Dictionary(users.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            genres: movies.genreNamesByID, impressions: impressions)
    }
}
