import Foundation

/// A rate estimated from successes among trials, e.g. answered requests followed by a watch, with its Wilson interval.
public struct ProportionEstimate: Hashable, Sendable, Codable {
    /// How many trials succeeded.
    public let successes: Int
    /// How many trials there were.
    public let trials: Int
    /// successes / trials; 0 when there are no trials.
    public let rate: Double
    /// The Wilson score interval of the rate; the whole of [0, 1] when there are no trials.
    public let interval: ConfidenceInterval

    /// Estimates a rate.
    /// - Parameters:
    ///   - successes: trials that succeeded, in 0...trials.
    ///   - trials: trials, at least 0.
    ///   - confidence: the level of ``interval``, in (0, 1).
    /// - Throws: `EvaluationError` with code `invalidConfiguration` for impossible counts or confidence.
    public init(successes: Int, trials: Int, confidence: Double = 0.95) throws(EvaluationError) {
        try ConfidenceInterval.validate(confidence: confidence)
        guard trials >= 0, successes >= 0, successes <= trials else {
            throw EvaluationError(
                .invalidConfiguration,
                "\(successes) successes in \(trials) trials is impossible; counts must satisfy 0 ≤ successes ≤ trials")
        }
        self.successes = successes
        self.trials = trials
        guard trials > 0 else {
            rate = 0
            interval = ConfidenceInterval(lower: 0, upper: 1, confidence: confidence)
            return
        }
        let n = Double(trials)
        let p = Double(successes) / n
        rate = p
        // Wilson: (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n)
        let z = StandardNormal.criticalValue(confidence: confidence)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // The bounds are exactly 0 with no successes and exactly 1 with no failures; rounding would leave a trace.
        let lower = successes == 0 ? 0 : max(0, centre - halfWidth)
        let upper = successes == trials ? 1 : min(1, centre + halfWidth)
        interval = ConfidenceInterval(lower: lower, upper: upper, confidence: confidence)
    }
}
