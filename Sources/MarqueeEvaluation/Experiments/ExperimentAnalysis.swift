/// The analysis of an A/B experiment: rates per arm, the two-proportion z-test, the decision, and optionally ratings.
///
/// The decision is taken once, at the planned size: until both arms have ``plannedPerArm`` trials the status is
/// ``ExperimentStatus/collecting(remaining:)`` whatever the data say (no peeking). Then the pooled two-proportion z-test
/// at level ``alpha`` decides. Ratings, when given, are compared by Welch's t-test as a secondary outcome that does not
/// change the decision.
public struct ExperimentAnalysis: Hashable, Sendable, Codable {
    /// The decision, or how far the experiment is from being able to make one.
    public let status: ExperimentStatus
    /// The two-sided significance level.
    public let alpha: Double
    /// The power the ``minimumDetectableEffect`` is computed for.
    public let power: Double
    /// The trials each arm needs before a decision.
    public let plannedPerArm: Int
    /// The control arm's rate (e.g. answers followed by watching).
    public let control: ProportionEstimate
    /// The treatment arm's rate.
    public let treatment: ProportionEstimate
    /// The z-test of treatment against control; `nil` while an arm has no trials.
    public let test: TwoProportionZTest?
    /// The smallest increase over the control rate detectable with the current smaller arm at ``alpha`` and the planned
    /// power; `nil` while the control rate is 0 or 1 or no increase is detectable yet.
    public let minimumDetectableEffect: Double?
    /// Ratings per arm and their comparison, when ratings were given.
    public let ratings: RatingComparison?

    /// Ratings of both arms and Welch's test between them; each part is `nil` when the data do not allow it.
    public struct RatingComparison: Hashable, Sendable, Codable {
        /// The control arm's ratings; `nil` below two ratings.
        public let control: MeanEstimate?
        /// The treatment arm's ratings; `nil` below two ratings.
        public let treatment: MeanEstimate?
        /// Welch's test; `nil` when an arm has fewer than two ratings or neither varies.
        public let test: WelchTTest?

        init(control: [Double], treatment: [Double], confidence: Double) throws(EvaluationError) {
            let controlMean = control.count >= 2 ? try MeanEstimate(sample: control, confidence: confidence) : nil
            let treatmentMean = treatment.count >= 2 ? try MeanEstimate(sample: treatment, confidence: confidence) : nil
            self.control = controlMean
            self.treatment = treatmentMean
            if let controlMean, let treatmentMean, controlMean.variance + treatmentMean.variance > 0 {
                test = try WelchTTest(control: controlMean, treatment: treatmentMean, confidence: confidence)
            } else {
                test = nil
            }
        }
    }

    /// Analyses an experiment.
    /// - Parameters:
    ///   - control: successes and trials of the control arm.
    ///   - treatment: successes and trials of the treatment arm.
    ///   - controlRatings: ratings in the control arm, or `nil` to leave ratings out.
    ///   - treatmentRatings: ratings in the treatment arm, or `nil` to leave ratings out.
    ///   - plannedPerArm: the sample size per arm fixed before the experiment, e.g. by
    ///     ``requiredSampleSize(baseline:effect:alpha:power:)``; at least 1.
    ///   - alpha: the two-sided significance level, in (0, 1); intervals are at confidence 1 − alpha.
    ///   - power: the power used for ``minimumDetectableEffect``, in (0, 1).
    /// - Throws: `EvaluationError` with code `invalidConfiguration` for an out-of-range setting or a rating that is not finite.
    public init(
        control: ProportionEstimate, treatment: ProportionEstimate, controlRatings: [Double]? = nil, treatmentRatings: [Double]? = nil,
        plannedPerArm: Int, alpha: Double = 0.05, power: Double = 0.8
    ) throws(EvaluationError) {
        guard plannedPerArm >= 1 else {
            throw EvaluationError(.invalidConfiguration, "planned size per arm \(plannedPerArm) must be at least 1")
        }
        guard alpha > 0, alpha < 1, power > 0, power < 1 else {
            throw EvaluationError(.invalidConfiguration, "alpha \(alpha) and power \(power) must be strictly between 0 and 1")
        }
        let confidence = 1 - alpha
        self.alpha = alpha
        self.power = power
        self.plannedPerArm = plannedPerArm
        // Re-estimate the arms at the experiment's confidence, so every interval in the analysis matches alpha.
        self.control = try ProportionEstimate(successes: control.successes, trials: control.trials, confidence: confidence)
        self.treatment = try ProportionEstimate(successes: treatment.successes, trials: treatment.trials, confidence: confidence)
        let test =
            control.trials > 0 && treatment.trials > 0
            ? try TwoProportionZTest(control: self.control, treatment: self.treatment, confidence: confidence) : nil
        self.test = test

        let smallerArm = min(control.trials, treatment.trials)
        minimumDetectableEffect =
            smallerArm > 0 && self.control.rate > 0 && self.control.rate < 1
            ? try MarqueeEvaluation.minimumDetectableEffect(baseline: self.control.rate, perArm: smallerArm, alpha: alpha, power: power) : nil

        let remaining = plannedPerArm - smallerArm
        if remaining > 0 {
            status = .collecting(remaining: remaining)
        } else if let test, test.isSignificant(alpha: alpha) {
            status = test.difference > 0 ? .treatmentBetter : .controlBetter
        } else {
            status = .noSignificantDifference
        }

        if controlRatings != nil || treatmentRatings != nil {
            ratings = try RatingComparison(control: controlRatings ?? [], treatment: treatmentRatings ?? [], confidence: confidence)
        } else {
            ratings = nil
        }
    }
}
