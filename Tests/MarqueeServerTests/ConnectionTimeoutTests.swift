import Hummingbird
import HummingbirdTesting
import Logging
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import Testing

/// Connections that hold a server's resources without making progress are closed.
@Suite(.dedicatedThreads)
struct ConnectionTimeoutTests {
    private static func withServer(idleTimeout: Duration, requestHeadTimeout: Duration, _ body: @Sendable (Int) async throws -> Void) async throws {
        let model = PopularityRecommender(
            training: TrainingData(interactions: [
                .init(user: UserID(1)!, movie: MovieID("alien+1979")!, minutesWatched: 90, rating: nil)
            ]))
        let service = RecommendationService(model: ServingModel(recommender: model, watched: [:], version: "v1"))
        let app = buildApplication(
            service: service,
            configuration: .init(host: "127.0.0.1", port: 0, idleTimeout: idleTimeout, requestHeadTimeout: requestHeadTimeout),
            rateLimit: RateLimitConfiguration(requestsPerSecond: 0), logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    @Test func connectionThatNeverCompletesItsRequestHeadIsClosed() async throws {
        // Given a server that allows 300 ms for a request head (and a long idle timeout)
        try await Self.withServer(idleTimeout: .seconds(60), requestHeadTimeout: .milliseconds(300)) { port in
            // When a client sends part of a head and then nothing ("slowloris")
            let start = ContinuousClock.now
            let responses = try await RawHTTP.exchange(port: port, requests: ["GET /recommend/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"], untilClosed: true)
            // Then the server closes the connection without an answer, long before the client's own 10 s timeout
            #expect(responses.isEmpty)
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test func idleKeepAliveConnectionIsClosed() async throws {
        // Given a server with a 500 ms idle timeout
        try await Self.withServer(idleTimeout: .milliseconds(500), requestHeadTimeout: .seconds(10)) { port in
            // When a client gets an answer and then keeps the connection open without a request
            let start = ContinuousClock.now
            let responses = try await RawHTTP.exchange(port: port, requests: [RawHTTP.get("/recommend/1")], untilClosed: true)
            // Then it got its answer, and the server closed the idle connection soon after
            #expect(responses.map(\.status) == [200])
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }
}
