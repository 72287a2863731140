import Foundation
import MarqueeCore
import MarqueeEvaluation
import Testing

struct ExperimentAnalysisTests {
    private func arm(_ successes: Int, _ trials: Int) throws -> ProportionEstimate {
        try ProportionEstimate(successes: successes, trials: trials)
    }

    @Test func collectsUntilBothArmsReachThePlannedSizeHoweverLargeTheDifference() throws {
        // Given a huge difference after half the planned size
        let analysis = try ExperimentAnalysis(control: arm(100, 500), treatment: arm(250, 500), plannedPerArm: 1000)
        // Then the test already sees it, but no winner is declared (no peeking)
        #expect(try #require(analysis.test).pValue < 1e-10)
        #expect(analysis.status == .collecting(remaining: 500))
        #expect(!analysis.status.isDecided)
    }

    @Test func collectsWhileOneArmIsShort() throws {
        let analysis = try ExperimentAnalysis(control: arm(300, 1000), treatment: arm(600, 990), plannedPerArm: 1000)
        #expect(analysis.status == .collecting(remaining: 10))
    }

    @Test func collectsWithoutAnyData() throws {
        let analysis = try ExperimentAnalysis(control: arm(0, 0), treatment: arm(0, 0), plannedPerArm: 50)
        #expect(analysis.status == .collecting(remaining: 50))
        #expect(analysis.test == nil)
        #expect(analysis.minimumDetectableEffect == nil)
    }

    @Test func decidesByTheZTestAtThePlannedSize() throws {
        // Reference: z = 2.1526727174306766, p = 0.03134440912327087 (see HypothesisTestTests)
        let better = try ExperimentAnalysis(control: arm(300, 1000), treatment: arm(345, 1000), plannedPerArm: 1000)
        #expect(better.status == .treatmentBetter)
        let worse = try ExperimentAnalysis(control: arm(345, 1000), treatment: arm(300, 1000), plannedPerArm: 1000)
        #expect(worse.status == .controlBetter)
        let stricter = try ExperimentAnalysis(control: arm(300, 1000), treatment: arm(345, 1000), plannedPerArm: 1000, alpha: 0.01)
        #expect(stricter.status == .noSignificantDifference)
    }

    @Test func reportsTheMinimumDetectableEffectOfTheSmallerArm() throws {
        let analysis = try ExperimentAnalysis(control: arm(289, 963), treatment: arm(300, 1500), plannedPerArm: 963)
        // Reference: MDE(0.3, 963) = 0.059997588428243 (see PowerAnalysisTests); 289 / 963 = 0.30010…
        let effect = try #require(analysis.minimumDetectableEffect)
        let expected = try #require(try minimumDetectableEffect(baseline: 289.0 / 963.0, perArm: 963))
        #expect(effect == expected)
        #expect(abs(effect - 0.06) < 1e-3)
    }

    @Test func comparesRatingsByWelchWithoutChangingTheDecision() throws {
        let analysis = try ExperimentAnalysis(
            control: arm(300, 1000), treatment: arm(310, 1000),
            controlRatings: [3.1, 4.2, 2.8, 3.9, 4.5, 3.3, 3.7, 4.0, 2.9, 3.6], treatmentRatings: [4.1, 4.8, 3.9, 4.6, 5.0, 4.4, 3.8, 4.9],
            plannedPerArm: 1000)
        let ratings = try #require(analysis.ratings)
        // Reference: scipy.stats.ttest_ind(treatment, control, equal_var=False).pvalue (see HypothesisTestTests)
        #expect(abs(try #require(ratings.test).pValue - 0.0033094222529228235) < 1e-6)
        #expect(analysis.status == .noSignificantDifference)
    }

    @Test func leavesOutRatingTestWithTooFewRatings() throws {
        let analysis = try ExperimentAnalysis(
            control: arm(3, 10), treatment: arm(4, 10), controlRatings: [4], treatmentRatings: [3, 5], plannedPerArm: 10)
        let ratings = try #require(analysis.ratings)
        #expect(ratings.control == nil)
        #expect(ratings.treatment?.mean == 4)
        #expect(ratings.test == nil)
    }

    @Test func encodesSnakeCaseJSONAndDecodesBack() throws {
        let analysis = try ExperimentAnalysis(
            control: arm(100, 500), treatment: arm(120, 500), controlRatings: [3, 4, 5], treatmentRatings: [4, 4, 5], plannedPerArm: 1000)
        let data = try JSONEncoder.marquee().encode(analysis)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""status":{"remaining":500,"state":"collecting"}"#))
        for key in ["planned_per_arm", "minimum_detectable_effect", "p_value", "difference_interval", "degrees_of_freedom", "standard_error"] {
            #expect(text.contains("\"\(key)\""), "missing \(key)")
        }
        #expect(try JSONDecoder.marquee().decode(ExperimentAnalysis.self, from: data) == analysis)
    }

    @Test func decidedStatusesRoundTripThroughJSON() throws {
        for status in [ExperimentStatus.treatmentBetter, .controlBetter, .noSignificantDifference, .collecting(remaining: 3)] {
            let data = try JSONEncoder().encode(status)
            #expect(try JSONDecoder().decode(ExperimentStatus.self, from: data) == status)
        }
    }

    @Test func rejectsImpossibleSettings() throws {
        #expect(throws: EvaluationError.self) { try ExperimentAnalysis(control: arm(1, 2), treatment: arm(1, 2), plannedPerArm: 0) }
        #expect(throws: EvaluationError.self) {
            try ExperimentAnalysis(control: arm(1, 2), treatment: arm(1, 2), plannedPerArm: 2, alpha: 0)
        }
    }
}
