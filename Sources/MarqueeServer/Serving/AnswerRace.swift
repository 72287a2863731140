import Synchronization

/// The first of two racing results; later ones are ignored.
final class AnswerRace: Sendable {
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

    /// Whether an answer was given already, e.g. the fallback's at the deadline.
    var isFinished: Bool { state.withLock { $0.answer != nil } }

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
