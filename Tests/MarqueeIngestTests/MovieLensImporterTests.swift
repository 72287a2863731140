import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeStore
import MarqueeTestSupport
import Testing

struct MovieLensImporterTests {
    /// A tiny data set in RecBole's atomic-file format, with the quirks of the real one.
    private func writeFixture() throws -> FixtureDirectory {
        let directory = try FixtureDirectory()
        let user = """
            user_id:token\tage:token\tgender:token\toccupation:token\tzip_code:token
            1\t24\tM\ttechnician\t85711
            2\t53\tF\tother\t94043
            3\t16\tM\tstudent\t32067

            """
        let item = """
            item_id:token\tmovie_title:token_seq\trelease_year:token\tclass:token_seq
            1\tToy Story\t1995\tAnimation Children's Comedy
            2\tMisérables, Les\t1995\tDrama Musical
            3\tChasing Amy\t1997\tComedy Drama Romance
            4\tChasing Amy\t1997\tComedy Drama Romance
            5\tLand Before Time III: The Time of the Great Giving (1995)\tV\tAnimation Children's
            6\tunkonwn\tunkonwn\tunknown

            """
        let inter = """
            user_id:token\titem_id:token\trating:float\ttimestamp:float
            1\t1\t5\t881250949
            1\t2\t2\t881250950
            2\t3\t4\t891717742
            3\t4\t3\t878887116
            3\t5\tx\t878887117
            3\t99\t4\t878887118

            """
        try Data(user.utf8).write(to: URL(fileURLWithPath: directory.path("ml-100k.user")))
        try Data(item.utf8).write(to: URL(fileURLWithPath: directory.path("ml-100k.item")))
        try Data(inter.utf8).write(to: URL(fileURLWithPath: directory.path("ml-100k.inter")))
        return directory
    }

    @Test func importsUsersMoviesAndRatingsFromTheFixture() async throws {
        // Given the fixture and an empty store
        let directory = try writeFixture()
        let store = try SQLiteEventStore.inMemory()
        // When it is imported
        let summary = try await MovieLensImporter(store: store).importDirectory(directory.path)
        // Then users carry Marquee occupations (a student under 18 is K-12)
        #expect(summary.users == 3)
        let users = Dictionary(uniqueKeysWithValues: try await store.users().map { ($0.id, $0) })
        #expect(users[LogFixture.user(1)] == User(id: LogFixture.user(1), age: 24, occupation: "technician/engineer", gender: "M"))
        #expect(users[LogFixture.user(2)]?.occupation == "other or not specified")
        #expect(users[LogFixture.user(3)]?.occupation == "K-12 student")
        // And movies get slugs from title and year: accents folded, collisions disambiguated, years recovered
        let movies = Dictionary(uniqueKeysWithValues: try await store.movies().map { ($0.id.slug, $0) })
        #expect(Set(movies.keys) == [
            "toy+story+1995", "miserables+les+1995", "chasing+amy+1997", "chasing+amy+1997+ml4",
            "land+before+time+iii:+the+time+of+the+great+giving+1995", "unkonwn+ml6",
        ])
        #expect(summary.renamedMovies == 1)
        #expect(movies["toy+story+1995"]?.genres.map(\.name) == ["Animation", "Family", "Comedy"])
        #expect(movies["toy+story+1995"]?.title == "Toy Story")
        #expect(movies["unkonwn+ml6"]?.genres == [])
        // And each good rating is a rate event plus a synthetic watch; the two bad lines are skipped with reasons
        #expect(summary.ratings == 4)
        #expect(summary.skipped.count == 2)
        #expect(summary.skipped.contains { $0.hasPrefix("ml-100k.inter:6:") && $0.contains("rating 'x'") })
        #expect(summary.skipped.contains { $0.contains("item '99'") })
        #expect(summary.eventsStored == 4 + 10 + 2 + 10 + 10)
        let interactions = try await store.interactions()
        let liked = try #require(interactions.first { $0.user == LogFixture.user(1) && $0.movie.slug == "toy+story+1995" })
        #expect(liked.minutesWatched == 10 && liked.latestRating == 5)
        #expect(liked.lastTime == EventTime(microseconds: 881_250_949_000_000))
        let disliked = try #require(interactions.first { $0.movie.slug == "miserables+les+1995" })
        #expect(disliked.minutesWatched == 2 && disliked.latestRating == 2)
    }

    @Test func importingTwiceStoresNothingTwice() async throws {
        let directory = try writeFixture()
        let store = try SQLiteEventStore.inMemory()
        let first = try await MovieLensImporter(store: store).importDirectory(directory.path)
        let second = try await MovieLensImporter(store: store).importDirectory(directory.path)
        #expect(second.eventsStored == 0)
        #expect(second.duplicates == first.eventsStored)
    }

    @Test func mapsEveryMovieLensOccupationToAMarqueeOne() {
        for occupation in MovieLensMapping.occupations.values { #expect(User.occupations.contains(occupation), "\(occupation)") }
        #expect(MovieLensMapping.occupation("educator", age: 40) == "academic/educator")
        #expect(MovieLensMapping.occupation("student", age: 22) == "college/grad student")
        #expect(MovieLensMapping.occupation("none", age: nil) == "other or not specified")
        #expect(MovieLensMapping.occupation("astronaut", age: 30) == "other or not specified")
    }

    @Test func missingDirectoryOrFileIsAnActionableError() async throws {
        let store = try SQLiteEventStore.inMemory()
        await #expect(throws: IngestError.self) { try await MovieLensImporter(store: store).importDirectory("/nonexistent/ml-100k") }
        let directory = try writeFixture()
        try FileManager.default.removeItem(atPath: directory.path("ml-100k.item"))
        do {
            _ = try await MovieLensImporter(store: store).importDirectory(directory.path)
            Issue.record("expected an error for the missing item file")
        } catch {
            #expect(error.message.contains("*.item"))
        }
    }
}
