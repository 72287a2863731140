import MarqueeCore
import Synchronization

/// What users watched in the batches stored since it was last taken: the ingest records each stored batch, and the
/// served models take it in now and then (``RecommendationService/addWatched(_:)``), instead of reloading every
/// interaction of the history.
public final class NewlyWatched: Sendable {
    private let watched = Mutex<[UserID: Set<MovieID>]>([:])

    /// Creates an empty record.
    public init() {}

    /// Records the watch events among `events` (one minute of a movie is enough, as for training data).
    public func record(_ events: [Event]) {
        var batch: [UserID: Set<MovieID>] = [:]
        for event in events {
            if case .watch(let movie, _) = event.kind { batch[event.user, default: []].insert(movie) }
        }
        guard !batch.isEmpty else { return }
        watched.withLock { watched in
            for (user, movies) in batch { watched[user, default: []].formUnion(movies) }
        }
    }

    /// What was recorded since the last call, emptied.
    public func take() -> [UserID: Set<MovieID>] {
        watched.withLock { watched in
            defer { watched = [:] }
            return watched
        }
    }
}
