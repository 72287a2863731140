import Foundation
import MarqueeCore
import Testing

struct CatalogueDecodingTests {
    @Test func decodesUserRecordOfTheUserAPI() throws {
        let json = #"{"user_id": 4711, "age": 34, "occupation": "scientist", "gender": "F"}"#
        let user = try JSONDecoder().decode(User.self, from: Data(json.utf8))
        #expect(user == User(id: try #require(UserID(4711)), age: 34, occupation: "scientist", gender: "F"))
    }

    @Test func decodesMovieWithNumbersAsStringsAndNulls() throws {
        // Given a record as the movie API sends it: numbers as strings, nulls, missing fields
        let json = """
            {"id": "the+green+mile+1999", "tmdb_id": "497", "imdb_id": "tt0120689", "title": "The Green Mile",
             "adult": "False", "belongs_to_collection": {}, "budget": "60000000", "genres": [{"id": 18, "name": "Drama"}],
             "homepage": null, "popularity": "12.5", "release_date": "1999-12-10", "runtime": 189.0,
             "vote_average": "7.9", "vote_count": "4000", "cost": null}
            """
        // When it is decoded
        let movie = try JSONDecoder().decode(Movie.self, from: Data(json.utf8))
        // Then the numbers are numbers and missing values are nil
        #expect(movie.tmdbID == 497)
        #expect(movie.adult == false)
        #expect(movie.budget == 60_000_000)
        #expect(movie.runtime == 189)
        #expect(movie.voteAverage == 7.9)
        #expect(movie.voteCount == 4000)
        #expect(movie.cost == nil)
        #expect(movie.genres == [Genre(id: 18, name: "Drama")])
    }

    @Test func rejectsMovieWithInvalidSlug() {
        let json = #"{"id": "The Green Mile"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Movie.self, from: Data(json.utf8)) }
    }

    @Test func slugsTitlesLikeTheService() {
        #expect(MovieID.slug(title: "The Green Mile", year: 1999)?.slug == "the+green+mile+1999")
        #expect(MovieID.slug(title: "M*A*S*H", year: 1970)?.slug == "m+a+s+h+1970")
    }
}
