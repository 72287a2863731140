import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import Testing

@Suite(.dedicatedThreads)
struct RecommendControllerTests {
    private static func movie(_ slug: String) -> MovieID { MovieID(slug)! }

    /// 25 movies `m0+2000` … `m24+2000`, most popular first; user 1 watched the top two.
    private static func makeService() -> RecommendationService {
        let interactions = (0..<25).flatMap { rank in
            (0..<(30 - rank)).map { viewer in
                TrainingData.Interaction(user: UserID(Int64(100 + viewer))!, movie: movie("m\(rank)+2000"), minutesWatched: 30, rating: nil)
            }
        }
        let model = PopularityRecommender(training: TrainingData(interactions: interactions))
        let watched: [UserID: Set<MovieID>] = [UserID(1)!: [movie("m0+2000"), movie("m1+2000")]]
        return RecommendationService(model: ServingModel(recommender: model, watched: watched, version: "test"))
    }

    private func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: buildRouter(service: Self.makeService()))
        try await app.test(.router, body)
    }

    @Test func answersOnePlainTextLineOfAtMostTwentyMovies() async throws {
        try await withApp { client in
            try await client.execute(uri: "/recommend/7", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let body = String(buffer: response.body)
                #expect(!body.contains("\n"))
                let items = body.split(separator: ",").map(String.init)
                #expect(items.count == 20)
                #expect(Set(items).count == 20)
                #expect(items.first == "m0+2000")
                #expect(items.allSatisfy { MovieID($0) != nil })
            }
        }
    }

    @Test func neverRecommendsWhatTheUserWatched() async throws {
        try await withApp { client in
            try await client.execute(uri: "/recommend/1", method: .get) { response in
                let items = String(buffer: response.body).split(separator: ",").map(String.init)
                #expect(!items.contains("m0+2000") && !items.contains("m1+2000"))
                #expect(items.first == "m2+2000")
            }
        }
    }

    @Test func recommend_whenUserIsUnknown_answersColdStartList() async throws {
        try await withApp { client in
            try await client.execute(uri: "/recommend/999999999", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("m0+2000,m1+2000"))
            }
        }
    }

    @Test(arguments: ["abc", "-1", "1.5", "12a", "9999999999999", "%20"])
    func rejectsInvalidUserIDWithOneLineBadRequest(_ raw: String) async throws {
        try await withApp { client in
            try await client.execute(uri: "/recommend/\(raw)", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = String(buffer: response.body)
                #expect(body.hasPrefix("invalid user id"))
                #expect(!body.contains("\n"))
            }
        }
    }

    @Test func unknownPathIsNotFoundNotServerError() async throws {
        try await withApp { client in
            try await client.execute(uri: "/recommend/", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/recommend/1/2/3", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func healthAnswersOK() async throws {
        try await withApp { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok")
            }
        }
    }

    @Test func deployingANewModelChangesTheAnswer() {
        let service = Self.makeService()
        let before = service.recommendations(for: UserID(5)!)
        let other = PopularityRecommender(
            training: TrainingData(interactions: [
                .init(user: UserID(2)!, movie: Self.movie("z+1999"), minutesWatched: 60, rating: nil)
            ]))
        service.deploy(ServingModel(recommender: other, watched: [:], version: "v2"))
        #expect(before.first?.slug == "m0+2000")
        #expect(service.recommendations(for: UserID(5)!).map(\.slug) == ["z+1999"])
        #expect(service.model.version == "v2")
    }
}
