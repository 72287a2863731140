import MarqueeEvaluation
import Testing

/// Reference values computed with Python 3 and SciPy 1.17.1. Two proportions: z = (pt − pc) / √(p̄(1 − p̄)(1/nc + 1/nt)),
/// p = `2 * scipy.stats.norm.sf(abs(z))`, interval pt − pc ± `norm.ppf(0.975)` √(pc(1 − pc)/nc + pt(1 − pt)/nt).
/// Welch: `scipy.stats.ttest_ind(treatment, control, equal_var=False)` with `.df` and `.confidence_interval(0.95)`.
struct HypothesisTestTests {
    @Test func twoProportionZTestMatchesReference() throws {
        let test = try TwoProportionZTest(
            control: ProportionEstimate(successes: 300, trials: 1000), treatment: ProportionEstimate(successes: 345, trials: 1000))
        #expect(abs(test.difference - 0.045) < 1e-12)
        #expect(abs(test.z - 2.1526727174306766) < 1e-6)
        #expect(abs(test.pValue - 0.03134440912327087) < 1e-6)
        #expect(abs(test.differenceInterval.lower - 0.004075923842411268) < 1e-6)
        #expect(abs(test.differenceInterval.upper - 0.08592407615758871) < 1e-6)
        #expect(test.isSignificant(alpha: 0.05))
    }

    @Test func twoProportionZTestWithUnequalArmsAndNegativeDifference() throws {
        let test = try TwoProportionZTest(
            control: ProportionEstimate(successes: 120, trials: 400), treatment: ProportionEstimate(successes: 95, trials: 380))
        #expect(abs(test.z - -1.5620525702250008) < 1e-6)
        #expect(abs(test.pValue - 0.11827560498078361) < 1e-6)
        #expect(abs(test.differenceInterval.lower - -0.11254776203680011) < 1e-6)
        #expect(abs(test.differenceInterval.upper - 0.012547762036800136) < 1e-6)
        #expect(!test.isSignificant(alpha: 0.05))
    }

    @Test func twoProportionZTestWithoutVariationHasPValueOne() throws {
        let test = try TwoProportionZTest(
            control: ProportionEstimate(successes: 0, trials: 50), treatment: ProportionEstimate(successes: 0, trials: 60))
        #expect(test.z == 0)
        #expect(test.pValue == 1)
    }

    @Test func twoProportionZTestNeedsTrialsInBothArms() {
        #expect(throws: EvaluationError.self) {
            try TwoProportionZTest(control: ProportionEstimate(successes: 0, trials: 0), treatment: ProportionEstimate(successes: 1, trials: 2))
        }
    }

    @Test func welchTTestMatchesSciPy() throws {
        let control = try MeanEstimate(sample: [3.1, 4.2, 2.8, 3.9, 4.5, 3.3, 3.7, 4.0, 2.9, 3.6])
        let treatment = try MeanEstimate(sample: [4.1, 4.8, 3.9, 4.6, 5.0, 4.4, 3.8, 4.9])
        let test = try WelchTTest(control: control, treatment: treatment)
        #expect(abs(test.t - 3.4483533361264005) < 1e-6)
        #expect(abs(test.degreesOfFreedom - 15.982897656648097) < 1e-6)
        #expect(abs(test.pValue - 0.0033094222529228235) < 1e-6)
        #expect(abs(test.differenceInterval.lower - 0.32259478957179233) < 1e-6)
        #expect(abs(test.differenceInterval.upper - 1.3524052104282074) < 1e-6)
    }

    @Test func welchTTestIsSymmetricInTheArms() throws {
        let a = try MeanEstimate(sample: [3.1, 4.2, 2.8, 3.9, 4.5, 3.3, 3.7, 4.0, 2.9, 3.6])
        let b = try MeanEstimate(sample: [4.1, 4.8, 3.9, 4.6, 5.0, 4.4, 3.8, 4.9])
        let forward = try WelchTTest(control: a, treatment: b)
        let backward = try WelchTTest(control: b, treatment: a)
        #expect(abs(forward.t + backward.t) < 1e-12)
        #expect(abs(forward.pValue - backward.pValue) < 1e-12)
    }

    @Test func welchTTestRejectsSamplesWithoutSpread() throws {
        let constant = try MeanEstimate(sample: [4, 4, 4])
        #expect(throws: EvaluationError.self) { try WelchTTest(control: constant, treatment: constant) }
    }
}
