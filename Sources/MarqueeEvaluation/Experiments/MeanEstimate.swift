import Foundation

/// The mean of a sample, e.g. of ratings, with its standard error and Student-t confidence interval.
public struct MeanEstimate: Hashable, Sendable, Codable {
    /// How many observations.
    public let count: Int
    /// Their arithmetic mean.
    public let mean: Double
    /// Their unbiased variance (denominator count − 1).
    public let variance: Double
    /// The standard error of the mean, √(variance / count).
    public let standardError: Double
    /// mean ± t(count − 1) × standard error.
    public let interval: ConfidenceInterval

    /// Estimates the mean of `sample`.
    /// - Throws: `EvaluationError` with code `insufficientData` for fewer than two observations (no variance),
    ///   `invalidConfiguration` for a confidence outside (0, 1) or a value that is not finite.
    public init(sample: some Sequence<Double>, confidence: Double = 0.95) throws(EvaluationError) {
        var moments = RunningMoments()
        for value in sample {
            guard value.isFinite else {
                throw EvaluationError(.invalidConfiguration, "sample value \(value) is not a finite number; drop it before estimating")
            }
            moments.add(value)
        }
        try self.init(count: moments.count, mean: moments.mean, variance: moments.variance, confidence: confidence)
    }

    /// Estimates a mean from sufficient statistics, e.g. accumulated by a stream.
    /// - Parameters:
    ///   - count: observations, at least 2.
    ///   - mean: their mean.
    ///   - variance: their unbiased variance, at least 0.
    ///   - confidence: the level of ``interval``, in (0, 1).
    /// - Throws: `EvaluationError` with code `insufficientData` for fewer than two observations,
    ///   `invalidConfiguration` for a negative or non-finite variance or mean, or a confidence outside (0, 1).
    public init(count: Int, mean: Double, variance: Double, confidence: Double = 0.95) throws(EvaluationError) {
        try ConfidenceInterval.validate(confidence: confidence)
        guard count >= 2 else {
            throw EvaluationError(.insufficientData, "a mean's interval needs at least 2 observations, got \(count); collect more")
        }
        guard mean.isFinite, variance.isFinite, variance >= 0 else {
            throw EvaluationError(.invalidConfiguration, "mean \(mean) and variance \(variance) must be finite, the variance ≥ 0")
        }
        self.count = count
        self.mean = mean
        self.variance = variance
        standardError = (variance / Double(count)).squareRoot()
        let t = StudentT.criticalValue(confidence: confidence, degreesOfFreedom: Double(count - 1))
        interval = ConfidenceInterval(lower: mean - t * standardError, upper: mean + t * standardError, confidence: confidence)
    }
}

/// Count, mean and sum of squared deviations of a stream of values, updated in one pass (Welford's algorithm).
struct RunningMoments: Hashable, Sendable {
    private(set) var count = 0
    private(set) var mean = 0.0
    private(set) var squaredDeviations = 0.0

    /// No observations.
    init() {}

    /// The moments of `count` observations with mean `mean` and summed squared deviations from it `squaredDeviations`.
    init(count: Int, mean: Double, squaredDeviations: Double) {
        (self.count, self.mean, self.squaredDeviations) = count > 0 ? (count, mean, squaredDeviations) : (0, 0, 0)
    }

    /// Adds the observations `other` summarises (Chan et al.'s pairwise update).
    mutating func merge(_ other: RunningMoments) {
        guard other.count > 0 else { return }
        guard count > 0 else { return self = other }
        let total = count + other.count
        let delta = other.mean - mean
        squaredDeviations += other.squaredDeviations + delta * delta * Double(count) * Double(other.count) / Double(total)
        mean += delta * Double(other.count) / Double(total)
        count = total
    }

    /// Adds one observation.
    mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        squaredDeviations += delta * (value - mean)
    }

    /// The unbiased variance; 0 below two observations.
    var variance: Double { count < 2 ? 0 : squaredDeviations / Double(count - 1) }
}
