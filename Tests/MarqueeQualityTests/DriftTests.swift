import MarqueeCore
import MarqueeQuality
import MarqueeTestSupport
import Testing

struct PopulationStabilityIndexTests {
    @Test func isZeroForIdenticalDistributionsWhateverTheirSize() {
        #expect(PopulationStabilityIndex.of(reference: ["a": 50, "b": 50], recent: ["a": 5, "b": 5]) == 0)
    }

    @Test func matchesAHandComputedShift() {
        // (0.8 − 0.5)·ln(0.8 / 0.5) + (0.2 − 0.5)·ln(0.2 / 0.5) = 0.141 + 0.2749 = 0.4159
        let psi = PopulationStabilityIndex.of(reference: ["a": 50, "b": 50], recent: ["a": 80, "b": 20])
        #expect(abs(psi - 0.41589) < 1e-4)
    }

    @Test func aCategoryMissingOnOneSideGivesALargeFiniteIndex() {
        let psi = PopulationStabilityIndex.of(reference: ["a": 100], recent: ["a": 50, "b": 50])
        #expect(psi.isFinite && psi > 2)
    }
}

struct ChiSquareTestTests {
    @Test func matchesAReferenceValue() throws {
        // [[30, 70], [50, 50]]: statistic 8.3333 with 1 degree of freedom (scipy.stats.chi2_contingency without correction:
        // p = 0.00389); Wilson–Hilferty gives p within 10 % of it.
        let test = try #require(ChiSquareTest(reference: ["a": 30, "b": 70], recent: ["a": 50, "b": 50]))
        #expect(abs(test.statistic - 8.3333) < 1e-3 && test.degreesOfFreedom == 1)
        #expect(abs(test.pValue - 0.00389) < 0.0004)
    }

    @Test func identicalSamplesAreNotSignificant() throws {
        let test = try #require(ChiSquareTest(reference: ["a": 30, "b": 70, "c": 10], recent: ["a": 30, "b": 70, "c": 10]))
        #expect(test.statistic == 0 && test.pValue > 0.99)
    }
}

struct WatchDriftTests {
    /// `pairs` watch events of users 0..<pairs, each on a movie drawn by `movie(user)`.
    private func watches(_ pairs: Int, firstUser: Int64 = 0, movie: (Int) -> String) -> [Event] {
        (0..<pairs).map { index in
            LogFixture.watch(firstUser + Int64(index), movie(index), minute: 0, at: index)
        }
    }

    private let genres: [MovieID: [String]] = Dictionary(
        uniqueKeysWithValues: (0..<40).map { (MovieID("m\($0)+2000")!, [$0 < 20 ? "Comedy" : "Horror"]) })

    @Test func theSameBehaviourInBothWindowsIsNoDrift() {
        let reference = watches(2_000) { "m\(($0 * 7) % 40)+2000" }
        let recent = watches(2_000, firstUser: 5_000) { "m\(($0 * 11) % 40)+2000" }
        let checks = WatchDrift().checks(reference: reference, recent: recent, genres: genres)
        #expect(checks.count == 2)
        #expect(checks.allSatisfy { !$0.drifted }, "\(checks)")
    }

    @Test func aMoveToOneGenreIsDrift() {
        let reference = watches(2_000) { "m\(($0 * 7) % 40)+2000" }
        let recent = watches(2_000, firstUser: 5_000) { "m\(20 + $0 % 20)+2000" }  // horror only
        let checks = WatchDrift().checks(reference: reference, recent: recent, genres: genres)
        #expect(checks.first { $0.name.contains("genre") }?.drifted == true, "\(checks)")
        #expect(checks.first { $0.name.contains("popularity") }?.drifted == true, "\(checks)")
    }

    @Test func tooFewWatchesMakeNoCheck() {
        #expect(WatchDrift().checks(reference: watches(50) { _ in "m1+2000" }, recent: watches(50) { _ in "m2+2000" }, genres: genres).isEmpty)
    }
}
