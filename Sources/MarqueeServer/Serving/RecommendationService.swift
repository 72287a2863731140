import MarqueeCore
import MarqueeModels
import Synchronization

/// Answers recommendation requests from the model currently deployed; the model can be swapped atomically.
///
/// The hot path takes a lock only to copy a reference to the current model, so a swap never waits for
/// requests in flight and requests in flight finish on the model they started with.
public final class RecommendationService: Sendable {
    /// The most movies one answer contains (SPEC.md §3).
    public static let maximumCount = 20

    private let current: Mutex<ServingModel>
    private let answered = Atomic<Int>(0)

    /// Creates a service serving `model`.
    public init(model: ServingModel) {
        self.current = Mutex(model)
    }

    /// The model serving now.
    public var model: ServingModel { current.withLock { $0 } }

    /// Replaces the model; requests already running finish on the previous one.
    public func deploy(_ model: ServingModel) {
        current.withLock { $0 = model }
    }

    /// Number of requests answered since the service started.
    public var answeredCount: Int { answered.load(ordering: .relaxed) }

    /// Up to ``maximumCount`` movies for `user`, best first, none of them already watched by the user.
    /// A user unknown to the model gets the model's answer for a user without history.
    public func recommendations(for user: UserID) -> [MovieID] {
        let model = self.model
        let excluded = model.watched[user] ?? []
        answered.add(1, ordering: .relaxed)
        return model.recommender.recommend(for: user, count: Self.maximumCount, excluding: excluded).map(\.movie)
    }
}
