import MarqueeCore
import MarqueeModels
import Synchronization

/// Answers recommendation requests from the model currently deployed; the model can be swapped atomically.
///
/// The hot path takes a lock only to copy a reference to the current model, so a swap never waits for
/// requests in flight and requests in flight finish on the model they started with. An answer that the
/// model cannot produce within the deadline is taken from the model's precomputed fallback list instead:
/// poor recommendations are better than slow ones.
public final class RecommendationService: Sendable {
    /// The most movies one answer contains (SPEC.md §3).
    public static let maximumCount = 20

    /// How long the model may take before the fallback answers.
    public let deadline: Duration
    /// The most earlier models kept for rollback.
    public static let historyLimit = 5

    private let current: Mutex<ServingModel>
    private let previous = Mutex<[ServingModel]>([])
    private let answered = Atomic<Int>(0)
    private let fallbacks = Atomic<Int>(0)

    /// Creates a service serving `model`.
    /// - Parameter deadline: how long the model may take before the fallback list answers (default 300 ms).
    public init(model: ServingModel, deadline: Duration = .milliseconds(300)) {
        self.current = Mutex(model)
        self.deadline = deadline
    }

    /// The model serving now.
    public var model: ServingModel { current.withLock { $0 } }

    /// Replaces the model; requests already running finish on the previous one, which is kept for ``rollback()``.
    public func deploy(_ model: ServingModel) {
        let replaced = current.withLock { current in
            defer { current = model }
            return current
        }
        previous.withLock { history in
            history.append(replaced)
            if history.count > Self.historyLimit { history.removeFirst() }
        }
    }

    /// Serves the model deployed before the current one again; `nil` when there is none.
    public func rollback() -> ServingModel? {
        previous.withLock { history -> ServingModel? in
            guard let restored = history.popLast() else { return nil }
            current.withLock { $0 = restored }
            return restored
        }
    }

    /// Models served before the current one, oldest first.
    public var history: [ServingModel] { previous.withLock { $0 } }

    /// Number of requests answered since the service started.
    public var answeredCount: Int { answered.load(ordering: .relaxed) }

    /// Number of answers that came from the fallback list because the model missed the deadline.
    public var fallbackCount: Int { fallbacks.load(ordering: .relaxed) }

    /// Up to ``maximumCount`` movies for `user`, best first, none of them already watched by the user, from the
    /// model if it answers within ``deadline`` and from the fallback list otherwise.
    public func answer(for user: UserID) async -> Answer {
        let model = self.model
        let race = AnswerRace()
        // The model's work is CPU-bound and cannot be interrupted, so it runs in its own task; whichever of it
        // and the deadline finishes first answers, and a late model result is dropped.
        Task {
            race.finish(with: Answer(movies: Self.compute(model, for: user), modelVersion: model.version, usedFallback: false))
        }
        let timer = Task { [deadline] in
            guard (try? await Task.sleep(for: deadline)) != nil else { return }
            race.finish(with: Answer(movies: Self.fallback(model, for: user), modelVersion: model.version, usedFallback: true))
        }
        let answer = await race.value
        timer.cancel()
        answered.add(1, ordering: .relaxed)
        if answer.usedFallback { fallbacks.add(1, ordering: .relaxed) }
        return answer
    }

    /// The model's answer for `user`, computed synchronously without a deadline.
    public func recommendations(for user: UserID) -> [MovieID] {
        answered.add(1, ordering: .relaxed)
        return Self.compute(model, for: user)
    }

    private static func compute(_ model: ServingModel, for user: UserID) -> [MovieID] {
        let excluded = model.watched[user] ?? []
        return model.recommender.recommend(for: user, count: maximumCount, excluding: excluded).map(\.movie)
    }

    private static func fallback(_ model: ServingModel, for user: UserID) -> [MovieID] {
        let excluded = model.watched[user] ?? []
        return Array(model.fallback.lazy.filter { !excluded.contains($0) }.prefix(maximumCount))
    }
}

/// One answer of the service.
public struct Answer: Hashable, Sendable {
    /// The movies, best first.
    public var movies: [MovieID]
    /// The model version that answered (or whose fallback list did).
    public var modelVersion: String
    /// Whether the model missed the deadline and the fallback list answered.
    public var usedFallback: Bool
}

/// The first of two racing results; later ones are ignored.
private final class AnswerRace: Sendable {
    private let state = Mutex<(answer: Answer?, waiter: CheckedContinuation<Answer, Never>?)>((nil, nil))

    func finish(with answer: Answer) {
        let waiter: CheckedContinuation<Answer, Never>? = state.withLock { state in
            guard state.answer == nil else { return nil }
            state.answer = answer
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: answer)
    }

    var value: Answer {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Answer? = state.withLock { state in
                    if let answer = state.answer { return answer }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
