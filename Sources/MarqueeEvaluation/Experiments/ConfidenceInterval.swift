/// A two-sided confidence interval.
public struct ConfidenceInterval: Hashable, Sendable, Codable {
    /// The lower bound.
    public var lower: Double
    /// The upper bound.
    public var upper: Double
    /// The confidence level, e.g. 0.95.
    public var confidence: Double

    /// Creates an interval.
    public init(lower: Double, upper: Double, confidence: Double) {
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    /// Whether `value` lies in the interval, bounds included.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    /// Throws unless `confidence` is strictly between 0 and 1.
    static func validate(confidence: Double) throws(EvaluationError) {
        guard confidence > 0, confidence < 1 else {
            throw EvaluationError(
                .invalidConfiguration, "confidence \(confidence) is not a probability strictly between 0 and 1; use e.g. 0.95")
        }
    }
}
