import Foundation

/// The pooled two-proportion z-test of whether treatment and control rates differ (two-sided).
///
/// The statistic uses the pooled rate under the null hypothesis of equal rates; the interval of the difference uses
/// the unpooled (Wald) standard error, as it describes the difference rather than testing it.
public struct TwoProportionZTest: Hashable, Sendable, Codable {
    /// The control arm.
    public let control: ProportionEstimate
    /// The treatment arm.
    public let treatment: ProportionEstimate
    /// Treatment rate − control rate.
    public let difference: Double
    /// The confidence interval of ``difference`` (unpooled standard error).
    public let differenceInterval: ConfidenceInterval
    /// The z statistic: difference / pooled standard error; 0 when the pooled rate is 0 or 1 (no variation at all).
    public let z: Double
    /// The two-sided p-value, P(|Z| ≥ |z|).
    public let pValue: Double

    /// Tests whether `treatment`'s rate differs from `control`'s.
    /// - Parameter confidence: the level of ``differenceInterval``, in (0, 1).
    /// - Throws: `EvaluationError` with code `insufficientData` when an arm has no trials,
    ///   `invalidConfiguration` for a confidence outside (0, 1).
    public init(control: ProportionEstimate, treatment: ProportionEstimate, confidence: Double = 0.95) throws(EvaluationError) {
        try ConfidenceInterval.validate(confidence: confidence)
        guard control.trials > 0, treatment.trials > 0 else {
            throw EvaluationError(
                .insufficientData,
                "a two-proportion test needs trials in both arms, got \(control.trials) in control and \(treatment.trials) in treatment")
        }
        self.control = control
        self.treatment = treatment
        let nc = Double(control.trials)
        let nt = Double(treatment.trials)
        difference = treatment.rate - control.rate
        let pooled = Double(control.successes + treatment.successes) / (nc + nt)
        let pooledError = (pooled * (1 - pooled) * (1 / nc + 1 / nt)).squareRoot()
        z = pooledError > 0 ? difference / pooledError : 0
        pValue = min(1, erfc(abs(z) / 2.0.squareRoot()))
        let unpooledError = (control.rate * (1 - control.rate) / nc + treatment.rate * (1 - treatment.rate) / nt).squareRoot()
        let critical = StandardNormal.criticalValue(confidence: confidence)
        differenceInterval = ConfidenceInterval(
            lower: difference - critical * unpooledError, upper: difference + critical * unpooledError, confidence: confidence)
    }

    /// Whether the difference is significant at level `alpha` (two-sided).
    public func isSignificant(alpha: Double) -> Bool { pValue < alpha }
}
