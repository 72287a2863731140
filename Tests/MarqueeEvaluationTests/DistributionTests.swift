import Testing

@testable import MarqueeEvaluation

/// Reference values computed with Python 3 and SciPy 1.17.1: `scipy.stats.norm.ppf/cdf`, `scipy.special.betainc`,
/// `scipy.stats.t.cdf/ppf`, printed with `repr(float(x))`.
struct DistributionTests {
    @Test(arguments: [
        (1e-10, -6.361340902404056), (0.001, -3.090232306167813), (0.025, -1.9599639845400545), (0.5, 0.0),
        (0.8, 0.8416212335729143), (0.975, 1.959963984540054), (0.999999, 4.753424308817087),
    ])
    func normalQuantileMatchesSciPy(p: Double, expected: Double) {
        #expect(abs(StandardNormal.quantile(p) - expected) < 1e-9)
    }

    @Test func normalQuantileIsInfiniteAtTheEndsAndNaNOutside() {
        #expect(StandardNormal.quantile(0) == -.infinity)
        #expect(StandardNormal.quantile(1) == .infinity)
        #expect(StandardNormal.quantile(1.5).isNaN)
    }

    @Test(arguments: [
        (-8.0, 6.22096057427174e-16), (-1.959963984540054, 0.025), (0.3, 0.6179114221889526), (2.5, 0.9937903346742238),
    ])
    func normalCDFMatchesSciPy(z: Double, expected: Double) {
        #expect(abs(StandardNormal.cdf(z) - expected) <= 1e-12 * max(1, expected))
        #expect(abs(StandardNormal.cdf(z) - expected) / expected < 1e-9)
    }

    @Test(arguments: [
        (2.5, 0.5, 0.3, 0.018927124071945658), (0.5, 0.5, 0.9, 0.7951672353008665), (10.0, 3.0, 0.7, 0.25281534785499993),
        (50000.0, 0.5, 0.99995, 0.025345854168846868), (1.5, 20.0, 0.05, 0.44342120168569027),
    ])
    func incompleteBetaMatchesSciPy(a: Double, b: Double, x: Double, expected: Double) {
        #expect(abs(regularizedIncompleteBeta(a: a, b: b, x: x) - expected) < 1e-9)
    }

    @Test func incompleteBetaIsZeroAndOneAtTheEnds() {
        #expect(regularizedIncompleteBeta(a: 2, b: 3, x: 0) == 0)
        #expect(regularizedIncompleteBeta(a: 2, b: 3, x: 1) == 1)
    }

    @Test(arguments: [
        (2.0, 3.0, 0.9303370157205785), (-1.5, 7.3, 0.08778154640154305), (0.7, 1.0, 0.6944001122142147),
        (3.2, 12.75, 0.9964392603350098), (-2.1, 200_000.0, 0.017865045187170747), (4.0, 2.5, 0.9804935120793409),
    ])
    func studentCDFMatchesSciPy(t: Double, degreesOfFreedom: Double, expected: Double) {
        #expect(abs(StudentT.cdf(t, degreesOfFreedom: degreesOfFreedom) - expected) < 1e-9)
    }

    @Test(arguments: [
        (0.975, 9.0, 2.262157162798205), (0.975, 1.0, 12.706204736174694), (0.995, 4.5, 4.272823993011293),
        (0.025, 30.0, -2.042272456301238), (0.9999, 3.0, 22.203742273205),
    ])
    func studentQuantileMatchesSciPy(p: Double, degreesOfFreedom: Double, expected: Double) {
        #expect(abs(StudentT.quantile(p, degreesOfFreedom: degreesOfFreedom) - expected) < 1e-8 * max(1, abs(expected)))
    }

    @Test func studentTwoSidedPValueIsTwiceTheTail() {
        let t = 2.0
        let tail = 1 - StudentT.cdf(t, degreesOfFreedom: 3)
        #expect(abs(StudentT.twoSidedPValue(t, degreesOfFreedom: 3) - 2 * tail) < 1e-12)
        #expect(abs(StudentT.twoSidedPValue(-t, degreesOfFreedom: 3) - 2 * tail) < 1e-12)
    }
}
