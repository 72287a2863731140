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

struct DriftDetectorTests {
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
        let checks = DriftDetector().checks(reference: DriftWindow(events: reference), recent: DriftWindow(events: recent), genres: genres)
        #expect(checks.map(\.name) == ["item popularity of watched movies", "genre mix of watched movies", "watch length (minutes per watched movie)"])
        #expect(checks.allSatisfy { !$0.drifted }, "\(checks)")
    }

    @Test func aMoveToOneGenreIsDrift() {
        let reference = watches(2_000) { "m\(($0 * 7) % 40)+2000" }
        let recent = watches(2_000, firstUser: 5_000) { "m\(20 + $0 % 20)+2000" }  // horror only
        let checks = DriftDetector().checks(reference: DriftWindow(events: reference), recent: DriftWindow(events: recent), genres: genres)
        #expect(checks.first { $0.name.contains("genre") }?.drifted == true, "\(checks)")
        #expect(checks.first { $0.name.contains("popularity") }?.drifted == true, "\(checks)")
    }

    @Test func tooFewWatchesMakeNoCheck() {
        #expect(
            DriftDetector().checks(
                reference: DriftWindow(events: watches(50) { _ in "m1+2000" }), recent: DriftWindow(events: watches(50) { _ in "m2+2000" }),
                genres: genres
            ).isEmpty)
    }
}

struct KolmogorovSmirnovTestTests {
    @Test func matchesAReferenceValue() throws {
        // scipy.stats.ks_2samp([1..10], [6..15]) gives D = 0.5; the asymptotic p with Stephens' correction is ≈ 0.15
        let test = try #require(KolmogorovSmirnovTest(reference: (1...10).map(Double.init), recent: (6...15).map(Double.init)))
        #expect(test.statistic == 0.5)
        #expect(test.pValue > 0.1 && test.pValue < 0.2, "\(test.pValue)")
    }

    @Test func identicalSamplesAreNotSignificantAndShiftedLargeOnesAre() throws {
        let values = (0..<1_000).map { Double($0 % 90) }
        let same = try #require(KolmogorovSmirnovTest(reference: values, recent: values))
        #expect(same.statistic == 0 && same.pValue == 1)
        let shifted = try #require(KolmogorovSmirnovTest(reference: values, recent: values.map { $0 + 20 }))
        #expect(shifted.pValue < 1e-6)
    }

    @Test func anEmptySampleMakesNoTest() {
        #expect(KolmogorovSmirnovTest(reference: [], recent: [1]) == nil)
    }
}

struct DriftDetectorChecksTests {
    private typealias F = LogFixture

    @Test func shorterWatchingIsCaughtByWatchLength() throws {
        // Every pair watched 90 minutes in the reference, 10 minutes recently
        func window(_ minutes: Int, users: Range<Int64>) -> DriftWindow {
            DriftWindow(events: users.flatMap { user in (0..<minutes).map { F.watch(user, "heat+1995", minute: $0, at: $0 * 60) } })
        }
        let checks = DriftDetector().checks(reference: window(90, users: 0..<300), recent: window(10, users: 300..<600), genres: [:])
        let length = try #require(checks.first { $0.name.hasPrefix("watch length") })
        #expect(length.drifted && length.kolmogorovSmirnov != nil)
    }

    @Test func lowerRatingsAreCaughtByTheRatingDistribution() throws {
        func window(_ rating: (Int) -> Int) -> DriftWindow {
            DriftWindow(events: (0..<400).map { F.rate(Int64($0), "heat+1995", rating: rating($0), at: $0) })
        }
        let checks = DriftDetector().checks(reference: window { 3 + $0 % 3 }, recent: window { 1 + $0 % 2 }, genres: [:])
        #expect(try #require(checks.first { $0.name == "rating distribution" }).drifted)
    }

    @Test func recommendingOnlyTheMostWatchedIsCaughtByRecommendedPopularity() throws {
        // The reference watches 100 movies evenly and recommends across them; recently only the top decile is recommended
        let movies = (0..<100).map { "m\($0)+2000" }
        let watches = (0..<1_000).map { F.watch(Int64($0), movies[$0 % 100], minute: 0, at: $0) }
        let broad = (0..<50).map { list in (0..<10).map { F.movie(movies[(list * 10 + $0) % 100]) } }
        let narrow = (0..<50).map { _ in (0..<10).map { F.movie(movies[$0]) } }
        let checks = DriftDetector().checks(
            reference: DriftWindow(events: watches, recommendations: broad), recent: DriftWindow(events: watches, recommendations: narrow), genres: [:])
        #expect(try #require(checks.first { $0.name == "popularity of recommended movies" }).drifted)
        #expect(!(try #require(checks.first { $0.name == "item popularity of watched movies" }).drifted))
    }

    @Test func anOlderAudienceIsCaughtByDemographics() throws {
        let users = Dictionary(uniqueKeysWithValues: (0..<600).map { id in
            (F.user(Int64(id)), User(id: F.user(Int64(id)), age: id < 300 ? 25 : 60, occupation: "writer", gender: "F"))
        })
        func window(_ ids: Range<Int64>) -> DriftWindow { DriftWindow(events: ids.map { F.watch($0, "heat+1995", minute: 0, at: 0) }) }
        let checks = DriftDetector().checks(reference: window(0..<300), recent: window(300..<600), genres: [:], users: users)
        #expect(try #require(checks.first { $0.name == "gender and age of active users" }).drifted)
        #expect(!(try #require(checks.first { $0.name == "occupation of active users" }).drifted))
    }
}
