import MarqueeCore
import Testing

@testable import MarqueeSimulator

struct CatalogueTests {
    @Test func slugsAreUniqueValidAndRealistic() {
        // Given a catalogue of 5,000 movies
        let movies = MovieCatalogue(seed: 9, count: 5_000)

        // When its slugs are inspected
        let slugs = movies.movies.map(\.id.slug)

        // Then they are unique, valid, title+year shaped, and match the title
        #expect(Set(slugs).count == 5_000)
        #expect(slugs.allSatisfy { MovieID($0) != nil && $0.contains("+") })
        for movie in movies.movies.prefix(200) {
            let year = Int(movie.releaseDate?.prefix(4) ?? "") ?? 0
            #expect(MovieID.slug(title: movie.title ?? "", year: year) == movie.id)
        }
    }

    @Test func moviesHaveTMDBStyleFieldsInRange() {
        // Given a catalogue
        let movies = MovieCatalogue(seed: 10, count: 2_000)

        // When the records are inspected
        let records = movies.movies

        // Then every field is plausible, and ids are unique
        #expect(records.allSatisfy { (1...3).contains($0.genres.count) && Set($0.genres).count == $0.genres.count })
        #expect(records.allSatisfy { (70...190).contains($0.runtime ?? 0) })
        #expect(records.allSatisfy { (1...10).contains($0.voteAverage ?? 0) && ($0.voteCount ?? -1) >= 0 })
        #expect(records.allSatisfy { ($0.cost ?? 0) > 0 && ($0.popularity ?? 0) > 0 && ($0.budget ?? -1) >= 0 })
        #expect(records.allSatisfy { $0.imdbID?.hasPrefix("tt") == true && $0.imdbID?.count == 9 })
        #expect(Set(records.compactMap(\.tmdbID)).count == records.count)
        #expect(Set(records.compactMap(\.imdbID)).count == records.count)
        #expect(Set(records.flatMap(\.genres).map(\.id)) == Set(GenreTable.genres.map(\.id)))
    }

    @Test func popularityIsLongTailed() {
        // Given a catalogue
        let movies = MovieCatalogue(seed: 11, count: 2_000)

        // When the popularity prior is sorted
        let popularity = movies.indicesByPopularity().map { movies.popularity[$0] }
        let total = popularity.reduce(0, +)

        // Then the top 5 % of movies hold a large share of it
        let head = popularity.prefix(100).reduce(0, +)
        #expect(head / total > 0.3)
    }

    @Test func sameSeedGivesSameCatalogue() {
        // Given two catalogues from one seed and one from another
        // When they are compared
        // Then the seed alone decides the records
        #expect(MovieCatalogue(seed: 4, count: 300).movies == MovieCatalogue(seed: 4, count: 300).movies)
        #expect(MovieCatalogue(seed: 4, count: 300).movies != MovieCatalogue(seed: 5, count: 300).movies)
    }

    @Test func referenceScaleUserIsDerivedLazily() throws {
        // Given the reference population of a million users
        let users = UserPopulation(seed: 42, count: 1_000_000)
        let last = try #require(UserID(999_999))

        // When the last user is looked up, twice
        let user = try #require(users.user(last))

        // Then the record is complete and stable, and ids past the end are unknown
        #expect(user == users.user(last))
        #expect(user.age != nil && user.gender != nil && User.occupations.contains(user.occupation ?? ""))
        let pastTheEnd = try #require(UserID(1_000_000))
        #expect(users.user(pastTheEnd) == nil)
    }

    @Test func demographicsAreCorrelatedWithOccupation() {
        // Given 20,000 users
        let users = UserPopulation(seed: 8, count: 20_000)
        let records = (0..<20_000).compactMap { UserID(Int64($0)).flatMap(users.user) }
        #expect(records.count == 20_000)

        // When ages are grouped by occupation
        func ages(_ occupation: String) -> [Int] { records.filter { $0.occupation == occupation }.compactMap(\.age) }

        // Then K-12 students are children, college students young, retirees old, and both genders occur
        #expect(ages("K-12 student").allSatisfy { $0 < 18 } && !ages("K-12 student").isEmpty)
        #expect(ages("college/grad student").allSatisfy { (18..<35).contains($0) })
        #expect(ages("retired").allSatisfy { $0 >= 55 } && !ages("retired").isEmpty)
        let female = records.filter { $0.gender == "F" }.count
        #expect((4_000...12_000).contains(female))
        #expect(Set(records.compactMap(\.occupation)).count == 21)
    }
}
