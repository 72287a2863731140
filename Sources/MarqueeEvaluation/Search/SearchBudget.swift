/// How much a model search may spend: at most `trials` trials, and no new trial once `seconds` have passed.
///
/// When the trial budget binds first the search is deterministic for its seed; when time binds first, how many
/// trials ran depends on the machine (the trials that ran are still the same as in any longer run).
public struct SearchBudget: Hashable, Sendable, Codable {
    /// The most trials, the first being the base configuration.
    public var trials: Int
    /// Wall-clock seconds after which no new trial starts (the trial running then finishes).
    public var seconds: Double

    /// Creates a budget.
    public init(trials: Int = 20, seconds: Double = 120) {
        self.trials = trials
        self.seconds = seconds
    }

    /// Checks the budget can run at least one trial.
    /// - Throws: ``EvaluationError`` `.invalidConfiguration` naming the bad value.
    public func validate() throws(EvaluationError) {
        guard trials >= 1, trials <= 10_000 else {
            throw EvaluationError(.invalidConfiguration, "the search's trial budget must be between 1 and 10000, got \(trials)")
        }
        guard seconds > 0, seconds.isFinite else {
            throw EvaluationError(.invalidConfiguration, "the search's time budget must be a positive number of seconds, got \(seconds)")
        }
    }
}
