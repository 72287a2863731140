import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeServer
import Testing

struct RateLimitTests {
    private static func makeService() -> RecommendationService {
        let model = PopularityRecommender(training: TrainingData(interactions: [
            .init(user: UserID(1)!, movie: MovieID("alien+1979")!, minutesWatched: 90, rating: nil)
        ]))
        return RecommendationService(model: ServingModel(recommender: model, watched: [:], version: "v1"))
    }

    @Test func clientBeyondItsBurstGetsTooManyRequestsButHealthStillAnswers() async throws {
        // Given a limit of 5 requests at once, refilled at one per 1,000 s, on a live socket
        let router = buildRouter(service: Self.makeService(), rateLimit: RateLimitConfiguration(requestsPerSecond: 0.001, burst: 5))
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            // When one client sends 8 requests in a row
            var statuses: [HTTPResponse.Status] = []
            for user in 0..<8 {
                statuses.append(try await client.execute(uri: "/recommend/\(user)", method: .get) { $0.status })
            }
            // Then the first 5 are answered and the rest are refused with 429, while /health is never limited
            #expect(statuses.prefix(5).allSatisfy { $0 == .ok })
            #expect(statuses.suffix(3).allSatisfy { $0 == .tooManyRequests })
            let health = try await client.execute(uri: "/health", method: .get) { $0.status }
            #expect(health == .ok)
        }
    }

    @Test func zeroRateDisablesTheLimit() async throws {
        let router = buildRouter(service: Self.makeService(), rateLimit: RateLimitConfiguration(requestsPerSecond: 0, burst: 1))
        try await Application(router: router).test(.router) { client in
            for user in 0..<20 {
                let status = try await client.execute(uri: "/recommend/\(user)", method: .get) { $0.status }
                #expect(status == .ok)
            }
        }
    }
}
