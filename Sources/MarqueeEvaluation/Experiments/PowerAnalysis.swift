import Foundation

// Power of the two-sided two-proportion z-test with equal arms, by the normal approximation (Fleiss, without
// continuity correction): an arm of n detects a change from p₁ to p₂ = p₁ + δ with probability `power` when
//
//     n = (z₁₋α/₂ √(2 p̄ (1 − p̄)) + z_power √(p₁(1 − p₁) + p₂(1 − p₂)))² / δ²,   p̄ = (p₁ + p₂) / 2.

/// The trials each arm needs for the two-proportion z-test to detect a change of `effect` from `baseline`.
/// - Parameters:
///   - baseline: the control rate, in (0, 1).
///   - effect: the absolute change to detect, non-zero, with `baseline + effect` in (0, 1); e.g. 0.06 for 0.30 → 0.36.
///   - alpha: the two-sided significance level, in (0, 1).
///   - power: the probability of detecting the change when it is real, in (0, 1).
/// - Returns: the sample size per arm, rounded up.
/// - Throws: `EvaluationError` with code `invalidConfiguration` for a value outside its range.
public func requiredSampleSize(baseline: Double, effect: Double, alpha: Double = 0.05, power: Double = 0.8) throws(EvaluationError)
    -> Int
{
    try validatePowerArguments(baseline: baseline, alpha: alpha, power: power)
    guard effect != 0, baseline + effect > 0, baseline + effect < 1 else {
        throw EvaluationError(
            .invalidConfiguration,
            "effect \(effect) from baseline \(baseline) must be non-zero and keep the treatment rate strictly between 0 and 1")
    }
    let n = continuousSampleSize(baseline: baseline, effect: effect, alpha: alpha, power: power)
    guard n < Double(Int.max / 2) else {
        throw EvaluationError(.invalidConfiguration, "effect \(effect) is too small to detect with any realistic sample; choose a larger one")
    }
    return Int(n.rounded(.up))
}

/// The smallest increase over `baseline` that arms of `perArm` trials detect with probability `power`:
/// the inverse of ``requiredSampleSize(baseline:effect:alpha:power:)``.
/// - Parameters:
///   - baseline: the control rate, in (0, 1).
///   - perArm: trials per arm, at least 1.
///   - alpha: the two-sided significance level, in (0, 1).
///   - power: the probability of detecting the increase when it is real, in (0, 1).
/// - Returns: the absolute effect, or `nil` when even a rise to a rate of 1 is not detectable with so few trials.
/// - Throws: `EvaluationError` with code `invalidConfiguration` for a value outside its range.
public func minimumDetectableEffect(baseline: Double, perArm: Int, alpha: Double = 0.05, power: Double = 0.8) throws(EvaluationError)
    -> Double?
{
    try validatePowerArguments(baseline: baseline, alpha: alpha, power: power)
    guard perArm >= 1 else {
        throw EvaluationError(.invalidConfiguration, "an arm of \(perArm) trials detects nothing; give at least 1 trial per arm")
    }
    let target = Double(perArm)
    func size(_ effect: Double) -> Double { continuousSampleSize(baseline: baseline, effect: effect, alpha: alpha, power: power) }
    // The size needed falls as the effect grows: bisect on the effect.
    var high = 1 - baseline
    guard size(high) <= target else { return nil }
    var low = 0.0
    for _ in 0..<200 {
        let middle = (low + high) / 2
        if middle == low || middle == high { break }
        if size(middle) > target { low = middle } else { high = middle }
    }
    return high
}

/// The unrounded sample size per arm of the formula above; `effect` must be non-zero.
private func continuousSampleSize(baseline: Double, effect: Double, alpha: Double, power: Double) -> Double {
    let p1 = baseline
    let p2 = baseline + effect
    let mean = (p1 + p2) / 2
    let zAlpha = StandardNormal.quantile(1 - alpha / 2)
    let zPower = StandardNormal.quantile(power)
    let root = zAlpha * (2 * mean * (1 - mean)).squareRoot() + zPower * (p1 * (1 - p1) + p2 * (1 - p2)).squareRoot()
    return root * root / (effect * effect)
}

private func validatePowerArguments(baseline: Double, alpha: Double, power: Double) throws(EvaluationError) {
    guard baseline > 0, baseline < 1 else {
        throw EvaluationError(.invalidConfiguration, "baseline rate \(baseline) must be strictly between 0 and 1")
    }
    guard alpha > 0, alpha < 1 else {
        throw EvaluationError(.invalidConfiguration, "alpha \(alpha) must be strictly between 0 and 1; the usual value is 0.05")
    }
    guard power > 0, power < 1 else {
        throw EvaluationError(.invalidConfiguration, "power \(power) must be strictly between 0 and 1; the usual value is 0.8")
    }
}
