import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Testing

struct CatalogueLoaderTests {
    @Test func loadsUsersAndMoviesAndSkipsBadLinesWithTheirNumbers() async throws {
        // Given a catalogue directory whose files contain a bad JSON line, a record without id and a blank line
        let directory = try FixtureDirectory()
        try LogFixture.write(
            [
                #"{"user_id": 1, "age": 34, "occupation": "scientist", "gender": "F"}"#,
                #"{"user_id": "2", "age": "41"}"#,
                #"{"user_id": 3, "age": 2"#,
                "",
                #"{"age": 50}"#,
            ], to: directory.path("users.jsonl"))
        try LogFixture.write(
            [
                #"{"id": "the+matrix+1999", "title": "The Matrix", "popularity": "21.3", "genres": [{"id": 28, "name": "Action"}], "cost": "0.5"}"#,
                #"{"id": "Not A Slug"}"#,
            ], to: directory.path("movies.jsonl"))
        let store = try SQLiteEventStore.inMemory()
        // When the directory is loaded
        let summary = try await CatalogueLoader(store: store).load(directory: directory.path)
        // Then valid records are stored and bad lines are reported with their 1-based numbers
        #expect(summary.users?.loaded == 2)
        #expect(summary.users?.skipped.map(\.line) == [3, 5])
        #expect(summary.users?.skippedCount == 2)
        #expect(summary.movies?.loaded == 1)
        #expect(summary.movies?.skipped.map(\.line) == [2])
        #expect(try await store.userIDs() == [LogFixture.user(1), LogFixture.user(2)])
        let movies = try await store.movies()
        #expect(movies.map(\.id.slug) == ["the+matrix+1999"])
        #expect(movies.first?.popularity == 21.3)
        #expect(movies.first?.cost == 0.5)
    }

    @Test func missingDirectoryThrowsFileNotFound() async throws {
        // Given a directory that does not exist
        let directory = try FixtureDirectory()
        let store = try SQLiteEventStore.inMemory()
        // When it is loaded
        let error = await #expect(throws: IngestError.self) {
            _ = try await CatalogueLoader(store: store).load(directory: directory.path("absent"))
        }
        // Then the error names it
        #expect(error?.code == .fileNotFound)
    }

    @Test func directoryWithoutCatalogueFilesThrowsFileNotFound() async throws {
        // Given an empty directory
        let directory = try FixtureDirectory()
        let store = try SQLiteEventStore.inMemory()
        // When it is loaded
        let error = await #expect(throws: IngestError.self) {
            _ = try await CatalogueLoader(store: store).load(directory: directory.path)
        }
        // Then the error says which files are expected
        #expect(error?.message.contains("users.jsonl") == true)
    }
}
