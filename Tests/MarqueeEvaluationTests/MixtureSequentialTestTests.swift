import Foundation
import MarqueeEvaluation
import Testing

struct MixtureSequentialTestTests {
    @Test func isSignificantExactlyWhenTheLikelihoodRatioReachesOneOverAlpha() throws {
        for difference in stride(from: -0.2, through: 0.2, by: 0.01) {
            let test = try MixtureSequentialTest(difference: difference, standardError: 0.04, mixingScale: 0.05, alpha: 0.05)
            #expect(test.isSignificant == (test.likelihoodRatio >= 20), "difference \(difference)")
            #expect(test.isSignificant == (test.pValue <= 0.05), "difference \(difference)")
            #expect(test.interval.contains(difference))
        }
    }

    @Test func itsIntervalIsWiderThanTheFixedSizeNormalInterval() throws {
        // The price of looking as often as one likes: at s = 0.01, τ = 0.05, the radius is about 3.3 s, not 1.96 s.
        let test = try MixtureSequentialTest(difference: 0.01, standardError: 0.01, mixingScale: 0.05, alpha: 0.05)
        let radius = (test.interval.upper - test.interval.lower) / 2
        #expect(radius > 1.96 * 0.01)
        let s2 = 0.0001, t2 = 0.0025
        #expect(abs(radius - (s2 * (s2 + t2) / t2 * (2 * log(20) + log((s2 + t2) / s2))).squareRoot()) < 1e-12)
        #expect(test.interval.confidence == 0.95)
    }

    @Test func noDifferenceIsNeverSignificant() throws {
        for standardError in [0.001, 0.01, 0.1, 1] {
            let test = try MixtureSequentialTest(difference: 0, standardError: standardError, mixingScale: 0.05, alpha: 0.05)
            #expect(!test.isSignificant)
            #expect(test.pValue == 1)
        }
    }

    @Test func rejectsAStandardErrorOrMixingScaleThatIsNotPositive() {
        #expect(throws: EvaluationError.self) { try MixtureSequentialTest(difference: 0.1, standardError: 0, mixingScale: 0.05, alpha: 0.05) }
        #expect(throws: EvaluationError.self) { try MixtureSequentialTest(difference: 0.1, standardError: 0.1, mixingScale: -1, alpha: 0.05) }
        #expect(throws: EvaluationError.self) { try MixtureSequentialTest(difference: .nan, standardError: 0.1, mixingScale: 0.05, alpha: 0.05) }
        #expect(throws: EvaluationError.self) { try MixtureSequentialTest(difference: 0.1, standardError: 0.1, mixingScale: 0.05, alpha: 1.5) }
    }
}
