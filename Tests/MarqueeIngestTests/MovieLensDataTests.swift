import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Testing

/// Imports the real MovieLens-100k, fetched with pip at test time; fails when it cannot be fetched and
/// `MARQUEE_REQUIRE_DATA=1`, and is skipped otherwise.
struct MovieLensDataTests {
    @Test(.enabled(if: EvaluationDatasets.movieLensTestsEnabled, Comment(rawValue: EvaluationDatasets.unavailableMessage)))
    func importsAllOfMovieLens100k() async throws {
        // Given the real files
        let directory = try #require(EvaluationDatasets.movieLens100k, Comment(rawValue: EvaluationDatasets.unavailableMessage))
        let store = try SQLiteEventStore.inMemory()
        // When imported with a one-minute synthetic watch (to keep the test light)
        let importer = MovieLensImporter(store: store, configuration: .init(likedMinutes: 1, dislikedMinutes: 0))
        let summary = try await importer.importDirectory(directory)
        // Then every user, movie and rating arrives, nothing is skipped
        #expect(summary.skipped == [])
        #expect(summary.users == 943)
        #expect(summary.movies == 1_682)
        #expect(summary.ratings == 100_000)
        let statistics = try await store.statistics()
        #expect(statistics.events.rate == 100_000)
        #expect(statistics.users == 943 && statistics.movies == 1_682)
        #expect(try await store.interactions().count == 100_000)
        #expect(try await store.users().allSatisfy { user in user.occupation.map(User.occupations.contains) == true })
    }
}
