import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

/// `X-Marquee-Timeout-Ms`, the time nginx waits for a replica's answer: an answer given after it reached nobody, and
/// is counted as abandoned rather than recorded in telemetry as shown (chaos run, finding 4).
@Suite(.dedicatedThreads)
struct CallerTimeoutTests {
    @Test func theHeaderIsReadInWholeMilliseconds_andIgnoredWhenItIsNotOne() {
        #expect(CallerTimeout(HTTPFields([HTTPField(name: .init("X-Marquee-Timeout-Ms")!, value: "450")]))?.duration == .milliseconds(450))
        #expect(CallerTimeout(HTTPFields()) == nil)
        for value in ["", "-1", "0.45", "450ms", "99999999999"] {
            #expect(CallerTimeout(HTTPFields([HTTPField(name: .init("X-Marquee-Timeout-Ms")!, value: value)])) == nil, "\(value)")
        }
    }

    @Test func anAnswerAtOrAfterTheTimeoutIsAbandoned_oneBeforeItIsNot() throws {
        let timeout = try #require(CallerTimeout(HTTPFields([HTTPField(name: .init("X-Marquee-Timeout-Ms")!, value: "450")])))
        #expect(!timeout.abandons(after: .milliseconds(449)))
        #expect(timeout.abandons(after: .milliseconds(450)) && timeout.abandons(after: .milliseconds(451)))
    }

    @Test func theTimeCountsFromTheServersStampWhenTheRouterStartedLater() throws {
        // Given a request stating 450 ms, stamped by the server as read at uptime 1 s
        let fields = HTTPFields([
            HTTPField(name: .init("X-Marquee-Timeout-Ms")!, value: "450"),
            HTTPField(name: .init("X-Marquee-Received-Uptime-Ns")!, value: "1000000000"),
        ])
        let timeout = try #require(CallerTimeout(fields))
        // Then an answer the router took 10 ms for is abandoned at uptime 1.5 s, and not at 1.4 s
        #expect(timeout.abandons(after: .milliseconds(10), now: 1_500_000_000))
        #expect(!timeout.abandons(after: .milliseconds(10), now: 1_400_000_000))
    }

    @Test func answersGivenAfterTheCallersTimeoutAreCountedAsAbandonedAndNotRecordedInTelemetry() async throws {
        // Given a server whose model has precomputed lists (answered on the event loop) and a user they do not cover
        // (a stranger who stated a taste, answered by the router from their warm start), with telemetry
        let data = ModelFixtures.clustered()
        let model = try ModelKinds.trainer(kind: "item-knn").train(on: data)
        let serving = ServingModel(recommender: model, watched: data.watchedMovies(), version: "knn")
        let service = RecommendationService(model: serving)
        #expect(service.attach(serving.withPrecomputedLists(threads: 1)))
        let covered = try #require(model.personalisedUsers.first)
        let stranger = try #require(UserID(999_999))
        service.updateStatedTastes([stranger: StatedTaste(liked: [ScoredMovie(movie: ModelFixtures.movie(cluster: 1, 0), score: 1)], disliked: [])])
        #expect(service.precomputedAnswer(for: stranger) == nil)
        let (metrics, telemetry) = (ServerMetrics(), TelemetryBuffer())
        let app = buildApplication(
            service: service, configuration: .init(host: "127.0.0.1", port: 0), metrics: metrics, telemetry: telemetry,
            rateLimit: RateLimitConfiguration(requestsPerSecond: 0), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // When both are asked by a caller that waits 0 ms (every answer comes too late), one that waits ten
            // minutes and forges the server's stamp (read at uptime 1 ns: long ago), and one that states no timeout
            var requests: [String] = []
            for user in [covered, stranger] {
                requests += ["X-Marquee-Timeout-Ms: 0\r\n", "X-Marquee-Timeout-Ms: 600000\r\nX-Marquee-Received-Uptime-Ns: 1\r\n", ""].map {
                    RawHTTP.get("/recommend/\(user)", extraHeaders: $0)
                }
            }
            let responses = try await RawHTTP.exchange(port: port, requests: requests)
            // Then every request is answered as usual
            #expect(responses.count == 6 && responses.allSatisfy { $0.status == 200 })
        }
        // And only the answers given in time are recorded, two per user (the forged stamp replaced by the server's);
        // the two late ones are counted as abandoned
        let records = telemetry.drain().records
        #expect(records.map(\.user) == [covered, covered, stranger, stranger])
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(text.contains("marquee_recommend_abandoned_total 2"))
        #expect(text.contains(#"marquee_http_requests_total{route="recommend",status="200"} 6"#))
    }
}
