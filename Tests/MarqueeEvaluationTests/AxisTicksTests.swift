import MarqueeEvaluation
import Testing

struct NumericAxisTests {
    @Test func ticksAreRoundStepsThatCoverTheValues() {
        let axis = NumericAxis(covering: [0.013, 0.087], count: 5)
        #expect(axis.step == 0.02)
        #expect(axis.lower == 0 && abs(axis.upper - 0.1) < 1e-12)
        #expect(axis.ticks.count == 6)
        #expect(axis.ticks.first == axis.lower && axis.ticks.last == axis.upper)
        #expect(axis.decimals == 2)
    }

    @Test(arguments: [(0.7, 1.0), (1.3, 2.0), (2.2, 2.5), (3.0, 5.0), (7.0, 10.0), (0.00042, 0.0005), (4_200.0, 5_000.0)])
    func niceStepIsTheSmallestOfOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen(raw: Double, expected: Double) {
        #expect(abs(NumericAxis.niceStep(raw) - expected) < expected * 1e-12)
    }

    @Test func includeZeroExtendsTheAxisToZero() {
        let axis = NumericAxis(covering: [40, 60], includeZero: true)
        #expect(axis.lower == 0 && axis.upper >= 60)
    }

    @Test func nanAndInfinitiesAreIgnored() {
        let axis = NumericAxis(covering: [.nan, 5, .infinity, 15, -.infinity])
        #expect(axis.lower <= 5 && axis.upper >= 15 && axis.upper < 100)
        #expect(axis.ticks.allSatisfy { $0.isFinite })
    }

    @Test func noValuesGiveTheUnitRangeAndEqualValuesARangeAroundThem() {
        let empty = NumericAxis(covering: [])
        #expect(empty.lower == 0 && empty.upper == 1)
        let flat = NumericAxis(covering: [1, 1, 1])
        #expect(flat.lower < 1 && flat.upper > 1 && flat.ticks.count >= 2)
        let zeros = NumericAxis(covering: [0, 0])
        #expect(zeros.lower < zeros.upper)
    }
}

struct TimeAxisTests {
    /// 2026-11-03T00:00:00 UTC in seconds since 1970.
    private static let midnight = 1_793_664_000.0

    @Test func threeWeeksGetTicksAtWholeDaysLabelledWithTheDate() {
        let axis = TimeAxis(lower: Self.midnight + 5_000, upper: Self.midnight + 21 * 86_400, maximumTicks: 8)
        #expect(axis.step == 7 * 86_400)
        #expect(axis.ticks.count <= 8)
        #expect(axis.ticks.allSatisfy { $0.seconds.truncatingRemainder(dividingBy: 86_400) == 0 })
        #expect(axis.ticks.first?.label.hasPrefix("Nov ") == true, "\(axis.ticks)")
    }

    @Test func aFewHoursGetHourTicksWithTheDateOnTheFirstTickOfADay() {
        let axis = TimeAxis(lower: Self.midnight - 3 * 3_600, upper: Self.midnight + 3 * 3_600, maximumTicks: 8)
        #expect(axis.step == 3_600)
        #expect(axis.ticks.map(\.label).contains("Nov 3 00:00"), "\(axis.ticks.map(\.label))")
        #expect(axis.ticks.map(\.label).contains("22:00"))
    }

    @Test func anEmptyOrNonFiniteRangeBecomesADayAroundIt() {
        let point = TimeAxis(lower: Self.midnight, upper: Self.midnight)
        #expect(point.lower < Self.midnight && point.upper > Self.midnight && !point.ticks.isEmpty)
        let broken = TimeAxis(lower: .nan, upper: .infinity)
        #expect(broken.lower.isFinite && broken.upper.isFinite)
    }
}

struct LinearScaleTests {
    @Test func mapsTheDomainOntoTheRangeIncludingInvertedYAxes() {
        let y = LinearScale(domain: (0, 10), range: (200, 0))
        #expect(y(0) == 200 && y(10) == 0 && y(2.5) == 150)
    }

    @Test func aZeroWidthDomainMapsToTheMiddleAndNonFiniteValuesToNil() {
        let flat = LinearScale(domain: (3, 3), range: (0, 100))
        #expect(flat(3) == 50)
        #expect(flat(.nan) == nil && flat(.infinity) == nil)
    }
}
