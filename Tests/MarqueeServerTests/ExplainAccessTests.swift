import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import Testing

/// `/recommend/<user>/explain` reveals what a user watched: it is for operators with the token only, and rate-limited
/// whatever the server's general limit (SPEC.md §4, issue 18 item 4).
@Suite(.dedicatedThreads)
struct ExplainAccessTests {
    private static func makeService() -> RecommendationService {
        let model = PopularityRecommender(
            training: TrainingData(interactions: [
                .init(user: UserID(1)!, movie: MovieID("alien+1979")!, minutesWatched: 90, rating: nil)
            ]))
        return RecommendationService(model: ServingModel(recommender: model, watched: [UserID(1)!: [MovieID("alien+1979")!]], version: "v1"))
    }

    private static func status(
        _ router: Router<MarqueeRequestContext>, _ uri: String, token: String? = nil
    ) async throws -> HTTPResponse.Status {
        try await Application(router: router).test(.router) { client in
            let headers: HTTPFields = token.map { [.authorization: "Bearer \($0)"] } ?? [:]
            return try await client.execute(uri: uri, method: .get, headers: headers) { $0.status }
        }
    }

    @Test func explain_whenNoTokenIsConfigured_isNotServed() async throws {
        let router = buildRouter(service: Self.makeService())
        #expect(try await Self.status(router, "/recommend/1/explain") == .notFound)
        #expect(try await Self.status(router, "/recommend/1/explain", token: "anything") == .notFound)
        // while the streaming service's route stays open
        #expect(try await Self.status(router, "/recommend/1") == .ok)
    }

    @Test func explain_needsTheBearerToken() async throws {
        let router = buildRouter(service: Self.makeService(), explain: ExplainConfiguration(token: "s3cret"))
        #expect(try await Self.status(router, "/recommend/1/explain") == .unauthorized)
        #expect(try await Self.status(router, "/recommend/1/explain", token: "wrong") == .unauthorized)
        #expect(try await Self.status(router, "/recommend/1/explain", token: "s3cret") == .ok)
        #expect(try await Self.status(router, "/recommend/1") == .ok)
    }

    @Test func explain_isRateLimitedEvenWhenTheServersLimitIsOff() async throws {
        // Given a server without a general limit (as behind nginx) and explain limited to bursts of 3
        let router = buildRouter(
            service: Self.makeService(), explain: ExplainConfiguration(token: "s3cret", rateLimit: .init(requestsPerSecond: 0.001, burst: 3)),
            rateLimit: RateLimitConfiguration(requestsPerSecond: 0))
        try await Application(router: router).test(.router) { client in
            // When one client enumerates users' explanations, first without the token, then with it
            var statuses: [HTTPResponse.Status] = []
            for user in 0..<3 { statuses.append(try await client.execute(uri: "/recommend/\(user)/explain", method: .get) { $0.status }) }
            for user in 3..<6 {
                statuses.append(
                    try await client.execute(uri: "/recommend/\(user)/explain", method: .get, headers: [.authorization: "Bearer s3cret"]) {
                        $0.status
                    })
            }
            // Then guesses count against the limit too, and the fourth request on is refused; /recommend is not limited
            #expect(statuses == [.unauthorized, .unauthorized, .unauthorized, .tooManyRequests, .tooManyRequests, .tooManyRequests])
            for user in 0..<10 {
                #expect(try await client.execute(uri: "/recommend/\(user)", method: .get) { $0.status } == .ok)
            }
        }
    }
}
