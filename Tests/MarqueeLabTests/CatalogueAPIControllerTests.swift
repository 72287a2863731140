import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeLab
import MarqueeServer
import MarqueeSimulator
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct CatalogueAPIControllerTests {
    private static let simulator = try? Simulator(configuration: SimulatorConfiguration(users: 50, movies: 30, days: 0, seed: 3))

    private func withApp(_ body: @Sendable (any TestClientProtocol, Simulator) async throws -> Void) async throws {
        let simulator = try #require(Self.simulator)
        let app = Application(router: buildCatalogueAPIRouter(api: simulator.api))
        try await app.test(.router) { client in try await body(client, simulator) }
    }

    @Test func servesUserRecordInTheServiceShape() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/user/7", method: .get) { response in
                #expect(response.status == .ok)
                let user = try JSONDecoder().decode(User.self, from: Data(String(buffer: response.body).utf8))
                #expect(user.id == UserID(7))
                #expect(user.age != nil && user.gender != nil && user.occupation != nil)
            }
        }
    }

    @Test func servesMovieRecordEvenWhenTheSlugIsPercentEncoded() async throws {
        try await withApp { client, simulator in
            let movie = simulator.catalogue.movies.movies[0].id
            let encoded = movie.slug.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? movie.slug
            try await client.execute(uri: "/movie/\(encoded)", method: .get) { response in
                #expect(response.status == .ok)
                let decoded = try JSONDecoder().decode(Movie.self, from: Data(String(buffer: response.body).utf8))
                #expect(decoded.id == movie)
            }
        }
    }

    @Test func answersBulkRequestWithAnArray() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/user/1,2,3", method: .get) { response in
                #expect(response.status == .ok)
                let users = try JSONDecoder().decode([User].self, from: Data(String(buffer: response.body).utf8))
                #expect(users.map(\.id.rawValue) == [1, 2, 3])
            }
        }
    }

    @Test func unknownIDIsNotFound() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/user/999999", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/movie/no+such+movie+1900", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
