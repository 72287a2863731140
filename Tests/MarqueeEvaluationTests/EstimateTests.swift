import MarqueeEvaluation
import Testing

/// Reference values computed with Python 3 and SciPy 1.17.1: the Wilson formula with `scipy.stats.norm.ppf`;
/// `numpy.mean`, `numpy.var(ddof=1)`, `scipy.stats.sem` and `scipy.stats.t.interval` for means.
struct EstimateTests {
    @Test func proportionHasWilsonInterval() throws {
        let estimate = try ProportionEstimate(successes: 30, trials: 100)
        #expect(estimate.rate == 0.3)
        #expect(abs(estimate.interval.lower - 0.2189488529493276) < 1e-9)
        #expect(abs(estimate.interval.upper - 0.3958485463334666) < 1e-9)
        #expect(estimate.interval.confidence == 0.95)
    }

    @Test func proportionWithoutSuccessesStillHasPositiveUpperBound() throws {
        let estimate = try ProportionEstimate(successes: 0, trials: 20)
        #expect(estimate.interval.lower == 0)
        #expect(abs(estimate.interval.upper - 0.16112515805281938) < 1e-9)
    }

    @Test func proportionWithOnlySuccessesHasUpperBoundOne() throws {
        // Reference: Wilson 20/20 is the mirror image of 0/20: lower 1 − 0.16112515805281938
        let estimate = try ProportionEstimate(successes: 20, trials: 20)
        #expect(estimate.interval.upper == 1)
        #expect(abs(estimate.interval.lower - (1 - 0.16112515805281938)) < 1e-9)
    }

    @Test func proportionIntervalFollowsConfidence() throws {
        let estimate = try ProportionEstimate(successes: 7, trials: 9, confidence: 0.9)
        #expect(abs(estimate.interval.lower - 0.5036427823767539) < 1e-9)
        #expect(abs(estimate.interval.upper - 0.9235052624456036) < 1e-9)
    }

    @Test func proportionWithoutTrialsSpansTheUnitInterval() throws {
        let estimate = try ProportionEstimate(successes: 0, trials: 0)
        #expect(estimate.rate == 0)
        #expect(estimate.interval.lower == 0 && estimate.interval.upper == 1)
    }

    @Test func proportionRejectsImpossibleCounts() {
        #expect(throws: EvaluationError.self) { try ProportionEstimate(successes: 5, trials: 4) }
        #expect(throws: EvaluationError.self) { try ProportionEstimate(successes: -1, trials: 4) }
        #expect(throws: EvaluationError.self) { try ProportionEstimate(successes: 1, trials: 4, confidence: 1) }
    }

    @Test func meanHasUnbiasedVarianceAndStudentInterval() throws {
        let estimate = try MeanEstimate(sample: [4, 5, 3, 4, 5, 2, 4, 3])
        #expect(estimate.count == 8)
        #expect(abs(estimate.mean - 3.75) < 1e-12)
        #expect(abs(estimate.variance - 1.0714285714285714) < 1e-12)
        #expect(abs(estimate.standardError - 0.3659625273556999) < 1e-12)
        #expect(abs(estimate.interval.lower - 2.8846361326405243) < 1e-9)
        #expect(abs(estimate.interval.upper - 4.615363867359475) < 1e-9)
    }

    @Test func meanFromSufficientStatisticsEqualsMeanFromSample() throws {
        let fromSample = try MeanEstimate(sample: [4, 5, 3, 4, 5, 2, 4, 3])
        let fromMoments = try MeanEstimate(count: 8, mean: 3.75, variance: 1.0714285714285714)
        #expect(abs(fromSample.interval.lower - fromMoments.interval.lower) < 1e-12)
    }

    @Test func meanNeedsTwoObservations() {
        #expect(throws: EvaluationError.self) { try MeanEstimate(sample: [4]) }
        #expect(throws: EvaluationError.self) { try MeanEstimate(sample: [4, .nan]) }
    }
}
