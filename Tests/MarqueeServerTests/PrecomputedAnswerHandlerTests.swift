import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `buildApplication` answers lookups of precomputed lists on the event loop (`PrecomputedAnswerHandler`); these tests
/// check that the client cannot tell: same responses, metrics, telemetry, limits and order as the router.
@Suite(.dedicatedThreads)
struct PrecomputedAnswerHandlerTests {
    /// An item-kNN model with every personalised user's answer precomputed, and one of those users.
    private static func makeService() throws -> (RecommendationService, UserID) {
        let data = ModelFixtures.clustered()
        let model = try ModelKinds.trainer(kind: "item-knn").train(on: data)
        let serving = ServingModel(recommender: model, watched: data.watchedMovies(), version: "knn")
        let service = RecommendationService(model: serving)
        #expect(service.attach(serving.withPrecomputedLists(threads: 1)))
        return (service, try #require(model.personalisedUsers.first))
    }

    private static let token = "explain-secret"
    private static let authorization = "Authorization: Bearer \(token)\r\n"

    private static func withServer(
        _ service: RecommendationService, metrics: ServerMetrics = ServerMetrics(), telemetry: TelemetryBuffer? = nil,
        rateLimit: RateLimitConfiguration = RateLimitConfiguration(requestsPerSecond: 0), _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        let app = buildApplication(
            service: service, configuration: .init(host: "127.0.0.1", port: 0), metrics: metrics, telemetry: telemetry,
            explain: ExplainConfiguration(token: Self.token), rateLimit: rateLimit,
            logger: Logger(label: "test"))
        try await app.test(.live) { client in try await body(try #require(client.port)) }
    }

    @Test func aPrecomputedAnswerHasTheRoutersResponseAndIsCountedAndRecorded() async throws {
        // Given a server whose model has precomputed lists, and a user the lists cover and one they do not (a stranger who
        // stated a taste: their warm start is computed)
        let (service, user) = try Self.makeService()
        let expected = try #require(service.precomputedAnswer(for: user))
        let stranger = UserID(999_999)!
        service.updateStatedTastes([stranger: StatedTaste(liked: [ScoredMovie(movie: ModelFixtures.movie(cluster: 1, 0), score: 1)], disliked: [])])
        #expect(service.precomputedAnswer(for: stranger) == nil)
        let (metrics, telemetry) = (ServerMetrics(), TelemetryBuffer())
        try await Self.withServer(service, metrics: metrics, telemetry: telemetry) { port in
            // When both ask
            let responses = try await RawHTTP.exchange(
                port: port, requests: [RawHTTP.get("/recommend/\(user)"), RawHTTP.get("/recommend/\(stranger)")])
            // Then both answers carry the same headers, the looked-up one the precomputed movies
            #expect(responses.count == 2)
            #expect(responses.allSatisfy { $0.status == 200 })
            #expect(responses[0].body == expected.movies.map(\.slug).joined(separator: ","))
            for header in ["content-type", "content-length", "date", "server"] {
                #expect(responses.allSatisfy { $0.headers[header] != nil }, "\(header)")
            }
            #expect(responses[0].headers["content-type"] == responses[1].headers["content-type"])
            #expect(responses[0].headers["server"] == "marquee" && responses[1].headers["server"] == "marquee")
            #expect(responses[0].headers["date"]?.hasSuffix(" GMT") == true)
        }
        // And both are counted as /recommend answers and recorded in telemetry with their route and version
        let text = String(decoding: metrics.exposition(), as: UTF8.self)
        #expect(text.contains(#"marquee_http_requests_total{route="recommend",status="200"} 2"#))
        #expect(text.contains("marquee_recommend_duration_seconds_count 2"))
        #expect(text.contains("marquee_recommend_event_loop_answers_total 1"))  // the looked-up one, without a task
        let records = telemetry.drain().records
        #expect(records.map(\.user) == [user, stranger])
        #expect(records.allSatisfy { $0.route == .production && $0.modelVersion == "knn" && !$0.usedFallback })
        #expect(records[0].movies == expected.movies)
    }

    @Test func pipelinedRequestsAreAnsweredInOrderWhenSomeGoToTheRouter() async throws {
        // Given a server with precomputed lists
        let (service, user) = try Self.makeService()
        let expected = try #require(service.precomputedAnswer(for: user)).movies.map(\.slug).joined(separator: ",")
        let metrics = ServerMetrics()
        try await Self.withServer(service, metrics: metrics) { port in
            // When one connection sends lookups, an explanation, a bad id and a health check back to back
            let responses = try await RawHTTP.exchange(
                port: port,
                requests: [
                    RawHTTP.get("/recommend/\(user)"), RawHTTP.get("/recommend/\(user)/explain", extraHeaders: Self.authorization),
                    RawHTTP.get("/recommend/\(user)"),
                    RawHTTP.get("/recommend/abc"), RawHTTP.get("/health"), RawHTTP.get("/recommend/\(user)"),
                ])
            // Then each gets its own answer, in the order asked
            #expect(responses.map(\.status) == [200, 200, 200, 400, 200, 200])
            #expect(responses[0].body == expected && responses[2].body == expected && responses[5].body == expected)
            #expect(responses[1].body.hasPrefix("{"))
            #expect(responses[3].body.hasPrefix("invalid user id"))
        }
        // And only the first was looked up on the event loop: what followed the explanation waited behind it
        #expect(String(decoding: metrics.exposition(), as: UTF8.self).contains("marquee_recommend_event_loop_answers_total 1"))
    }

    @Test func lookupsReturnToTheEventLoopOnceTheRouterHasAnsweredEverythingBefore() async throws {
        let (service, user) = try Self.makeService()
        let metrics = ServerMetrics()
        try await Self.withServer(service, metrics: metrics) { port in
            let responses = try await RawHTTP.exchange(
                port: port, requests: [RawHTTP.get("/recommend/\(user)/explain", extraHeaders: Self.authorization)],
                then: [RawHTTP.get("/recommend/\(user)"), RawHTTP.get("/recommend/\(user)")])
            #expect(responses.map(\.status) == [200, 200, 200])
        }
        #expect(String(decoding: metrics.exposition(), as: UTF8.self).contains("marquee_recommend_event_loop_answers_total 2"))
    }

    @Test func theRateLimitAndTheHeaderLimitApplyToLookupsToo() async throws {
        let (service, user) = try Self.makeService()
        try await Self.withServer(service, rateLimit: RateLimitConfiguration(requestsPerSecond: 1, burst: 2)) { port in
            // A client over its rate gets 429 from the third lookup on
            let responses = try await RawHTTP.exchange(port: port, requests: Array(repeating: RawHTTP.get("/recommend/\(user)"), count: 4))
            #expect(responses.map(\.status) == [200, 200, 429, 429])
        }
        try await Self.withServer(service) { port in
            // Oversized headers get 431 as from the router
            let padding = (0..<20).map { "X-Padding-\($0): \(String(repeating: "x", count: 1_000))\r\n" }.joined()
            let responses = try await RawHTTP.exchange(port: port, requests: [RawHTTP.get("/recommend/\(user)", extraHeaders: padding)])
            #expect(responses.map(\.status) == [431])
        }
    }

    @Test func connectionCloseIsAnsweredThenTheConnectionCloses() async throws {
        let (service, user) = try Self.makeService()
        try await Self.withServer(service) { port in
            let responses = try await RawHTTP.exchange(
                port: port, requests: [RawHTTP.get("/recommend/\(user)", extraHeaders: "Connection: close\r\n")], untilClosed: true)
            #expect(responses.map(\.status) == [200])
        }
    }
}

/// A minimal HTTP/1.1 client over a blocking socket, for what test clients hide: pipelining and connection closing.
enum RawHTTP {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    static func get(_ path: String, extraHeaders: String = "") -> String {
        "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(extraHeaders)\r\n"
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Sends `requests` back to back on one connection and reads as many responses (or, `untilClosed`, until the
    /// server closes the connection); fails after 10 s without progress. The socket blocks, so this runs on a thread
    /// of its own, never holding one of the threads the in-process server's handlers need.
    /// - Parameter then: requests sent on the same connection once the answers to `requests` are in.
    static func exchange(port: Int, requests: [String], then: [String] = [], untilClosed: Bool = false) async throws -> [Response] {
        try await runBlocking { () throws(Failure) in
            try exchangeBlocking(port: port, batches: [requests, then].filter { !$0.isEmpty }, untilClosed: untilClosed)
        }
    }

    private static func exchangeBlocking(port: Int, batches: [[String]], untilClosed: Bool) throws(Failure) -> [Response] {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "no socket") }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "cannot connect to port \(port)") }
        var responses: [Response] = []
        for (index, requests) in batches.enumerated() {
            let request = Array(requests.joined().utf8)
            guard request.withUnsafeBytes({ send(socket, $0.baseAddress, $0.count, 0) }) == request.count else {
                throw Failure(description: "cannot send the requests")
            }
            let expected = responses.count + requests.count
            responses += try receive(from: socket, until: expected - responses.count, orClosed: untilClosed && index == batches.count - 1)
        }
        return responses
    }

    /// Reads `count` responses, or all until the server closes the connection when `orClosed`.
    private static func receive(from socket: Int32, until count: Int, orClosed: Bool) throws(Failure) -> [Response] {
        var received: [UInt8] = []
        var responses: [Response] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while orClosed || responses.count < count {
            let read = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if read == 0 { break }
            guard read > 0 else { throw Failure(description: "no answer within 10 s after \(responses.count) responses") }
            received += buffer[..<read]
            while let (response, used) = parse(received) {
                responses.append(response)
                received.removeFirst(used)
            }
        }
        return responses
    }

    /// The first complete response in `bytes` and its length, if there is one.
    private static func parse(_ bytes: [UInt8]) -> (Response, Int)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = end + separator.count
        guard bytes.count >= bodyStart + length else { return nil }
        return (
            Response(status: status, headers: headers, body: String(decoding: bytes[bodyStart..<(bodyStart + length)], as: UTF8.self)),
            bodyStart + length
        )
    }
}
