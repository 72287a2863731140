import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

@testable import MarqueeServer

@Suite(.dedicatedThreads)
struct RateLimitTests {
    private static func makeService() -> RecommendationService {
        let model = PopularityRecommender(
            training: TrainingData(interactions: [
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

    @Test func clientBehindATrustedProxyIsLimitedByItsOwnAddress() async throws {
        // Given a limit of 2 requests at once and a live socket, so the peer is 127.0.0.1: a proxy trusted by default
        let router = buildRouter(service: Self.makeService(), rateLimit: RateLimitConfiguration(requestsPerSecond: 0.001, burst: 2))
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            func status(forwardedFor: String) async throws -> HTTPResponse.Status {
                var headers = HTTPFields()
                if let name = HTTPField.Name("X-Forwarded-For") { headers[name] = forwardedFor }
                return try await client.execute(uri: "/recommend/1", method: .get, headers: headers) { $0.status }
            }
            // When one client forwarded by the proxy exceeds its burst, also when it makes up a left-most address
            var first: [HTTPResponse.Status] = []
            for forwarded in ["203.0.113.5", "203.0.113.5", "6.6.6.6, 203.0.113.5"] { first.append(try await status(forwardedFor: forwarded)) }
            // Then it alone is limited: another client behind the same proxy is still answered
            #expect(first == [.ok, .ok, .tooManyRequests])
            #expect(try await status(forwardedFor: "203.0.113.6") == .ok)
        }
    }

    @Test func forwardedForFromAnUntrustedPeerIsIgnored() async throws {
        // Given a limit of 2 requests at once, and no trusted proxy
        let configuration = RateLimitConfiguration(requestsPerSecond: 0.001, burst: 2, trustedProxies: .none)
        let app = Application(
            router: buildRouter(service: Self.makeService(), rateLimit: configuration), configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
        try await app.test(.live) { client in
            // When the peer claims a new address in X-Forwarded-For with every request
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<3 {
                var headers = HTTPFields()
                if let name = HTTPField.Name("X-Forwarded-For") { headers[name] = "203.0.113.\(index)" }
                statuses.append(try await client.execute(uri: "/recommend/1", method: .get, headers: headers) { $0.status })
            }
            // Then the header is ignored: all three count against the peer
            #expect(statuses == [.ok, .ok, .tooManyRequests])
        }
    }

    @Test func fullTableEvictsTheLeastRecentlyUsedBucketOnly() {
        // Given room for 3 clients, a burst of 1 and almost no refill, and client A over its limit
        let buckets = TokenBuckets(configuration: RateLimitConfiguration(requestsPerSecond: 0.001, burst: 1, maximumClients: 3))
        #expect(buckets.take(for: "A"))
        #expect(!buckets.take(for: "A"))
        #expect(buckets.take(for: "B") && buckets.take(for: "C"))
        #expect(!buckets.take(for: "A"))
        // When a fourth client arrives
        #expect(buckets.take(for: "D"))
        // Then only the least recently used bucket (B's) was dropped: A is still over its limit, C and D keep theirs
        #expect(buckets.count == 3)
        #expect(!buckets.take(for: "A"))
        #expect(!buckets.take(for: "C"))
        #expect(!buckets.take(for: "D"))
        #expect(buckets.take(for: "B"))
    }

    @Test func defaultLimitAndProxiesNeverThrottleTheServicesOwnCaller() {
        // The streaming service is one client: the default sustains more than a replica answers (~34,000 requests/s
        // from precomputed lists), and a proxy on the same host counts each forwarded client separately.
        let configuration = RateLimitConfiguration()
        #expect(configuration.requestsPerSecond >= 50_000 && configuration.burst >= 2 * configuration.requestsPerSecond)
        #expect(configuration.trustedProxies == .loopback)
    }
}
