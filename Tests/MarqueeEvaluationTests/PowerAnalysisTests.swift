import MarqueeEvaluation
import Testing

/// Reference values computed with Python 3 and SciPy 1.17.1 from the same normal-approximation formula,
/// n = (z₁₋α/₂ √(2p̄q̄) + z_power √(p₁q₁ + p₂q₂))² / δ² with `scipy.stats.norm.ppf`, and the MDE by
/// `scipy.optimize.brentq` on n(δ) − perArm.
struct PowerAnalysisTests {
    @Test func sampleSizeMatchesReference() throws {
        // n = 962.9242828644209
        #expect(try requiredSampleSize(baseline: 0.30, effect: 0.06) == 963)
        // n = 6090.636825429117
        #expect(try requiredSampleSize(baseline: 0.10, effect: -0.02, alpha: 0.01, power: 0.9) == 6091)
        // n = 39239.29527445222
        #expect(try requiredSampleSize(baseline: 0.5, effect: 0.01) == 39240)
    }

    @Test(arguments: [(0.30, 963, 0.059997588428243), (0.05, 10000, 0.008993097319155386), (0.2, 50, 0.26041570837002387)])
    func minimumDetectableEffectMatchesReference(baseline: Double, perArm: Int, expected: Double) throws {
        let effect = try #require(try minimumDetectableEffect(baseline: baseline, perArm: perArm))
        #expect(abs(effect - expected) < 1e-9)
    }

    @Test(arguments: [(0.30, 963), (0.05, 10000), (0.2, 50), (0.9, 400), (0.01, 123_457)])
    func minimumDetectableEffectAndSampleSizeAreInverse(baseline: Double, perArm: Int) throws {
        // Given the effect detectable with perArm trials
        let effect = try #require(try minimumDetectableEffect(baseline: baseline, perArm: perArm))
        // Then detecting it needs perArm trials (up to rounding of the bisection)
        let size = try requiredSampleSize(baseline: baseline, effect: effect)
        #expect(size == perArm || size == perArm + 1)
    }

    @Test func sampleSizeThenMinimumDetectableEffectGivesBackTheEffect() throws {
        let size = try requiredSampleSize(baseline: 0.2, effect: 0.03)
        let effect = try #require(try minimumDetectableEffect(baseline: 0.2, perArm: size))
        #expect(effect <= 0.03)
        #expect(effect > 0.0299)
    }

    @Test func tinyArmsDetectNothing() throws {
        #expect(try minimumDetectableEffect(baseline: 0.5, perArm: 1) == nil)
    }

    @Test func rejectsImpossibleSettings() {
        #expect(throws: EvaluationError.self) { try requiredSampleSize(baseline: 0, effect: 0.1) }
        #expect(throws: EvaluationError.self) { try requiredSampleSize(baseline: 0.3, effect: 0) }
        #expect(throws: EvaluationError.self) { try requiredSampleSize(baseline: 0.3, effect: 0.8) }
        #expect(throws: EvaluationError.self) { try minimumDetectableEffect(baseline: 0.3, perArm: 100, alpha: 1.2) }
        #expect(throws: EvaluationError.self) { try minimumDetectableEffect(baseline: 0.3, perArm: 0) }
    }
}
