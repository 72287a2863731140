import Foundation
import MarqueeCore
import MarqueeSimulator
import MarqueeTestSupport
import Testing

struct CatalogueAPITests {
    private let simulator: Simulator

    init() throws {
        simulator = try Simulator(configuration: SimulatorFixtures.configuration(seed: 41, users: 500, movies: 250))
    }

    @Test func userIsAnsweredInTheServiceShape() throws {
        // Given the API of a small world
        let api = simulator.api

        // When user 42 is requested
        let response = api.respond(to: "/user/42")

        // Then the body has the four fields in order and decodes as a User
        #expect(response.status == 200)
        #expect(response.text.hasPrefix(#"{"user_id": 42, "age": "#))
        let user = try JSONDecoder().decode(User.self, from: Data(response.body))
        #expect(user == simulator.catalogue.users.user(try #require(UserID(42))))
    }

    @Test func movieIsAnsweredAsTMDBRecord() throws {
        // Given a movie of the catalogue
        let movie = simulator.catalogue.movies.movies[7]

        // When it is requested by slug, percent-encoded as clients may do
        let encoded = movie.id.slug.replacingOccurrences(of: "'", with: "%27").replacingOccurrences(of: ":", with: "%3A")
        let response = simulator.api.respond(to: "/movie/\(encoded)")

        // Then it decodes back to the same record, with the TMDB fields present
        #expect(response.status == 200)
        #expect(try JSONDecoder().decode(Movie.self, from: Data(response.body)) == movie)
        for field in ["tmdb_id", "imdb_id", "genres", "release_date", "runtime", "vote_average", "vote_count", "cost", "poster_path"] {
            #expect(response.text.contains("\"\(field)\": "), "missing \(field)")
        }
    }

    @Test func bulkRequestAnswersAnArrayWithErrorsForUnknownIds() throws {
        // Given a bulk request for two users and an unknown one
        // When it is answered
        let response = simulator.api.respond(to: "/user/1,2,99999")

        // Then the answer is an array in request order, with an error object for the unknown id
        #expect(response.status == 200)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]])
        #expect(array.count == 3)
        #expect(array[0]["user_id"] as? Int == 1 && array[1]["user_id"] as? Int == 2)
        #expect(array[2]["error"] != nil && array[2]["id"] as? String == "99999")
    }

    @Test func bulkMoviesDecode() throws {
        // Given 200 movie ids, the most allowed
        let ids = simulator.catalogue.movies.movies.prefix(200).map(\.id.slug)

        // When they are requested at once
        let response = simulator.api.respond(to: "/movie/" + ids.joined(separator: ","))

        // Then all 200 records come back
        #expect(response.status == 200)
        let movies = try JSONDecoder().decode([Movie].self, from: Data(response.body))
        #expect(movies.map(\.id.slug) == Array(ids))
    }

    @Test(arguments: ["/user/12345", "/movie/no+such+movie+1999", "/users/1", "/"])
    func unknownIdOrEndpointIsNotFound(path: String) throws {
        // Given a path naming nothing
        // When it is requested
        let response = simulator.api.respond(to: path)

        // Then the answer is a 404 with an error object
        #expect(response.status == 404)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(object["error"] is String)
    }

    @Test func tooManyIdsIsABadRequest() {
        // Given 201 ids
        let path = "/user/" + (0...200).map(String.init).joined(separator: ",")

        // When they are requested
        let response = simulator.api.respond(to: path)

        // Then the answer is a 400
        #expect(response.status == 400)
        #expect(response.text.contains("200"))
    }

    @Test func catalogueFilesDecodeAsUsersAndMovies() throws {
        // Given a folder
        let folder = try FixtureDirectory()

        // When the catalogue is written into it
        try simulator.writeCatalogue(to: folder.path)

        // Then users.jsonl and movies.jsonl hold one decodable object per user and movie
        let decoder = JSONDecoder()
        let userLines = try String(contentsOfFile: folder.path("users.jsonl"), encoding: .utf8).split(separator: "\n")
        let movieLines = try String(contentsOfFile: folder.path("movies.jsonl"), encoding: .utf8).split(separator: "\n")
        let users = try userLines.map { try decoder.decode(User.self, from: Data($0.utf8)) }
        let movies = try movieLines.map { try decoder.decode(Movie.self, from: Data($0.utf8)) }
        #expect(users.count == 500 && users.last?.id.rawValue == 499)
        #expect(movies == simulator.catalogue.movies.movies)
    }
}
