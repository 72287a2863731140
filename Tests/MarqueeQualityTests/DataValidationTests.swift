import Foundation
import MarqueeCore
import MarqueeQuality
import MarqueeTestSupport
import Testing

struct DataValidationTests {
    private typealias F = LogFixture

    private static let movie = CatalogueFixture.movie("heat+1995")
    private static let users = [F.user(1): CatalogueFixture.user(1), F.user(2): User(id: F.user(2), age: 30)]

    private static func profile(stored: Int = 900, duplicates: Int = 0, quarantined: [String: Int] = [:], late: Int = 0, events: [Event] = []) -> DataProfile {
        DataProfile(
            window: "test", stored: stored, duplicates: duplicates, quarantinedByReason: quarantined, late: late, hours: 10, events: events,
            users: users, movies: [movie.id: movie])
    }

    @Test func profileMeasuresEachShareOfTheLinesRead() {
        // Given 1,000 lines: 900 stored (9 late), 40 duplicates, 60 quarantined for three kinds of reason
        let events = [
            F.watch(1, "heat+1995", minute: 10, at: 0), F.watch(1, "heat+1995", minute: 200, at: 60),  // past the 136-minute runtime
            F.watch(3, "heat+1995", minute: 0, at: 0), F.rate(1, "alien+1979", rating: 4, at: 0),  // an unknown user, an unknown movie
            F.watch(2, "heat+1995", minute: 0, at: 0),  // a user record without gender or occupation
        ]
        let profile = Self.profile(
            duplicates: 40, quarantined: ["bad_timestamp": 30, "rating_out_of_scale": 10, "unknown_movie": 20], late: 9, events: events)
        // Then each metric is its share of the 1,000 lines (late: of the stored events; rate: per hour)
        #expect(profile.lines == 1_000)
        #expect(profile.values[.quarantinedShare] == 0.06)
        #expect(profile.values[.malformedShare] == 0.03)
        #expect(profile.values[.duplicateShare] == 0.04)
        #expect(profile.values[.outOfRangeShare] == 0.011)
        #expect(profile.values[.unknownReferenceShare] == 0.022)
        #expect(profile.values[.lateShare] == 0.01)
        #expect(profile.values[.eventsPerHour] == 90)
        #expect(profile.values[.incompleteUserShare] == 0.5)
        #expect(profile.values[.incompleteMovieShare] == 0)
    }

    @Test func anEmptyWindowMeasuresNothingAndBlocksNothing() {
        let profile = DataProfile(
            window: "empty", stored: 0, duplicates: 0, quarantinedByReason: [:], late: 0, hours: 0, events: [], users: [:], movies: [:])
        let report = ExpectationSuite.standard.validate(profile)
        #expect(profile.values.isEmpty)
        #expect(report.results.allSatisfy { $0.status == .notMeasured })
        #expect(report.passed)
    }

    @Test func aMissingCatalogueCountsNoReferenceAsUnknown() {
        let profile = DataProfile(
            window: "no catalogue", stored: 10, duplicates: 0, quarantinedByReason: [:], late: 0, hours: 1,
            events: [F.watch(1, "heat+1995", minute: 0, at: 0)], users: [:], movies: [:])
        #expect(profile.values[.unknownReferenceShare] == 0)
        #expect(profile.values[.incompleteUserShare] == nil)
    }

    @Test func blockingFailuresStopTrainingAndWarningsDoNot() {
        // Given the built-in suite and a window with 10 % malformed lines and 10 % duplicates
        let profile = Self.profile(stored: 800, duplicates: 100, quarantined: ["truncated": 100])
        let report = ExpectationSuite.standard.validate(profile, source: "built-in")
        // Then the malformed share blocks, the duplicate share only warns
        let failed = report.results.filter { $0.status == .failed }.map(\.expectation.metric)
        #expect(Set(failed) == [.quarantinedShare, .malformedShare, .duplicateShare])
        #expect(!report.passed)
        #expect(report.blockingFailures.count == 2)
        #expect(report.blockingFailures[0].contains("lines.quarantined_share is 10.00 %, outside ≤ 5.00 %"))
    }

    @Test func learnedBoundsAllowThreeTimesTheReferenceSharePlusAPointAndHalfTheRate() throws {
        let reference = Self.profile(stored: 980, quarantined: ["truncated": 20])
        let suite = ExpectationSuite.learned(from: reference, origin: "reference")
        let quarantine = try #require(suite.expectations.first { $0.metric == .quarantinedShare })
        #expect(quarantine.maximum == 0.07 && quarantine.minimum == nil && quarantine.blocking)
        let rate = try #require(suite.expectations.first { $0.metric == .eventsPerHour })
        #expect(rate.minimum == 49 && rate.maximum == nil && rate.blocking)
        // The reference itself passes its learned bounds; the same window with five times the faults does not
        #expect(suite.validate(reference).passed)
        #expect(!suite.validate(Self.profile(stored: 900, quarantined: ["truncated": 100])).passed)
    }

    @Test func expectationsRoundTripThroughTheirFile() throws {
        let path = NSTemporaryDirectory() + "expectations-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let suite = ExpectationSuite.learned(from: Self.profile(quarantined: ["truncated": 5]), origin: "snapshot s-1")
        try suite.encodedJSON().write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try ExpectationSuite.load(file: path) == suite)
    }

    @Test(arguments: [
        ("{\"origin\": \"x\", \"expectations\": [{\"metric\": \"lines.quarantined_share\", \"min\": 0.5, \"max\": 0.1, \"blocking\": true, \"why\": \"\"}]}", "no value could pass"),
        ("{\"origin\": \"x\", \"expectations\": [{\"metric\": \"lines.typos\", \"max\": 0.1, \"blocking\": true, \"why\": \"\"}]}", "unknown metric 'lines.typos'"),
        ("not json", "is not an expectations file"),
    ])
    func aBadExpectationsFileIsRejectedWithTheReason(text: String, message: String) throws {
        let path = NSTemporaryDirectory() + "expectations-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect {
            _ = try ExpectationSuite.load(file: path)
        } throws: { error in
            (error as? ValidationError)?.message.contains(message) == true
        }
    }

    @Test func aMissingExpectationsFileSaysWhichPath() {
        #expect(throws: ValidationError.self) { _ = try ExpectationSuite.load(file: "/nonexistent/expectations.json") }
    }
}
