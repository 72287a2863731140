import Foundation

/// Welch's two-sample t-test of whether treatment and control means differ (two-sided), e.g. of ratings.
///
/// Unlike Student's test it does not assume equal variances; its degrees of freedom come from the
/// Welch–Satterthwaite equation and are usually fractional.
public struct WelchTTest: Hashable, Sendable, Codable {
    /// The control sample.
    public let control: MeanEstimate
    /// The treatment sample.
    public let treatment: MeanEstimate
    /// Treatment mean − control mean.
    public let difference: Double
    /// The confidence interval of ``difference``: ± t(degrees of freedom) × standard error.
    public let differenceInterval: ConfidenceInterval
    /// The standard error of the difference, √(s²c/nc + s²t/nt).
    public let standardError: Double
    /// The t statistic, difference / standard error.
    public let t: Double
    /// The Welch–Satterthwaite degrees of freedom.
    public let degreesOfFreedom: Double
    /// The two-sided p-value, P(|T| ≥ |t|).
    public let pValue: Double

    /// Tests whether `treatment`'s mean differs from `control`'s.
    /// - Parameter confidence: the level of ``differenceInterval``, in (0, 1).
    /// - Throws: `EvaluationError` with code `insufficientData` when neither sample varies (the statistic is undefined),
    ///   `invalidConfiguration` for a confidence outside (0, 1).
    public init(control: MeanEstimate, treatment: MeanEstimate, confidence: Double = 0.95) throws(EvaluationError) {
        try ConfidenceInterval.validate(confidence: confidence)
        let vc = control.variance / Double(control.count)
        let vt = treatment.variance / Double(treatment.count)
        let variance = vc + vt
        guard variance > 0 else {
            throw EvaluationError(
                .insufficientData, "neither sample varies (both variances are 0), so a t-test is undefined; collect more observations")
        }
        self.control = control
        self.treatment = treatment
        difference = treatment.mean - control.mean
        standardError = variance.squareRoot()
        t = difference / standardError
        degreesOfFreedom = variance * variance / (vc * vc / Double(control.count - 1) + vt * vt / Double(treatment.count - 1))
        pValue = StudentT.twoSidedPValue(t, degreesOfFreedom: degreesOfFreedom)
        let critical = StudentT.criticalValue(confidence: confidence, degreesOfFreedom: degreesOfFreedom)
        differenceInterval = ConfidenceInterval(
            lower: difference - critical * standardError, upper: difference + critical * standardError, confidence: confidence)
    }

    /// Whether the difference is significant at level `alpha` (two-sided).
    public func isSignificant(alpha: Double) -> Bool { pValue < alpha }
}
