import Foundation

/// An always-valid test of a difference of means: the mixture sequential probability ratio test (mSPRT).
///
/// A fixed-size test looked at again and again (the canary judge looks every few seconds) rejects a true null far more
/// often than its level says. The mSPRT stays valid however often and whenever it is looked at: it compares the
/// likelihood of the observed difference d (standard error s) under a normal mixture of alternatives θ ~ N(0, τ²)
/// with its likelihood under θ = 0,
///
///     Λ = √(s² / (s² + τ²)) · exp(d² τ² / (2 s² (s² + τ²))),
///
/// and rejects once Λ ≥ 1/α. Λ is a martingale under the null, so by Ville's inequality the chance that it *ever*
/// reaches 1/α is at most α (Johari, Pekelis and Walsh, "Always valid inference", 2017; exact for normal increments,
/// asymptotic when s is estimated). Inverting it gives a confidence sequence: intervals that cover the true difference
/// at every look at once, with probability 1 − α.
///
/// The mixing scale τ is the size of difference the test is most sensitive to; a τ near the effects that matter (a few
/// points of follow-through) gives the narrowest intervals there.
public struct MixtureSequentialTest: Hashable, Sendable {
    /// The observed difference, treatment − control.
    public let difference: Double
    /// Its standard error.
    public let standardError: Double
    /// The mixing scale τ of the alternatives.
    public let mixingScale: Double
    /// The level: the chance of ever rejecting a true null, over every look.
    public let alpha: Double
    /// The mixture likelihood ratio Λ of the difference against no difference.
    public let likelihoodRatio: Double
    /// min(1, 1/Λ): the always-valid p-value of this look (the running minimum over looks is also valid).
    public let pValue: Double
    /// The always-valid interval of the difference at confidence 1 − ``alpha``.
    public let interval: ConfidenceInterval

    /// Tests a difference and its standard error.
    /// - Throws: `EvaluationError` with code `invalidConfiguration` for a standard error or mixing scale that is not
    ///   positive and finite, a difference that is not finite, or an alpha outside (0, 1).
    public init(difference: Double, standardError: Double, mixingScale: Double, alpha: Double) throws(EvaluationError) {
        guard difference.isFinite, standardError.isFinite, standardError > 0, mixingScale.isFinite, mixingScale > 0 else {
            throw EvaluationError(
                .invalidConfiguration,
                "a sequential test needs a finite difference (got \(difference)) and a positive standard error (got \(standardError)) and mixing scale (got \(mixingScale))"
            )
        }
        try ConfidenceInterval.validate(confidence: 1 - alpha)
        self.difference = difference
        self.standardError = standardError
        self.mixingScale = mixingScale
        self.alpha = alpha
        let s2 = standardError * standardError
        let t2 = mixingScale * mixingScale
        let logRatio = 0.5 * log(s2 / (s2 + t2)) + difference * difference * t2 / (2 * s2 * (s2 + t2))
        likelihoodRatio = exp(logRatio)
        pValue = min(1, exp(-logRatio))
        // Λ(d − θ) < 1/α  ⇔  (d − θ)² < s²(s² + τ²)/τ² · (2 ln(1/α) + ln((s² + τ²)/s²)).
        let radius = (s2 * (s2 + t2) / t2 * (2 * log(1 / alpha) + log((s2 + t2) / s2))).squareRoot()
        interval = ConfidenceInterval(lower: difference - radius, upper: difference + radius, confidence: 1 - alpha)
    }

    /// Whether the difference is significant at ``alpha``: Λ ≥ 1/α, i.e. 0 lies outside ``interval``.
    public var isSignificant: Bool { !interval.contains(0) }
}
