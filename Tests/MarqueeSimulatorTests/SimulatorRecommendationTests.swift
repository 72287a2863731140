import MarqueeCore
import MarqueeSimulator
import MarqueeTestSupport
import Synchronization
import Testing

struct SimulatorRecommendationTests {
    private func recommendationEvents(
        provider: some RecommendationProvider, timeout: Int = 800
    ) async throws -> (requests: [RecommendationRequest], summary: SimulationSummary) {
        var configuration = SimulatorFixtures.configuration(seed: 21, users: 100, movies: 60, days: 1)
        configuration.requestTimeoutMilliseconds = timeout
        configuration.recommendationServer = "recsys:8082"
        let (lines, summary) = try await SimulatorFixtures.log(configuration, provider: provider)
        let requests = SimulatorFixtures.events(lines).compactMap { event -> RecommendationRequest? in
            if case .recommendation(let request) = event.kind { return request }
            return nil
        }
        return (requests, summary)
    }

    @Test func successfulAnswerIsLoggedWithItsMovies() async throws {
        // Given a provider answering the same two movies in 37 ms
        let movies = try Simulator(configuration: SimulatorFixtures.configuration(seed: 21, users: 100, movies: 60, days: 1))
            .catalogue.movies
        let answer = [movies.id(at: 3), movies.id(at: 5)]
        let provider = InProcessRecommendationProvider(latencyMilliseconds: 37) { _ in answer }

        // When the service runs a day
        let (requests, summary) = try await recommendationEvents(provider: provider)

        // Then each session's request is logged with status 200, the list and the latency
        #expect(!requests.isEmpty)
        #expect(requests.count == summary.requests)
        #expect(
            requests.allSatisfy {
                $0 == RecommendationRequest(server: "recsys:8082", status: 200, result: .movies(answer), responseTimeMilliseconds: 37)
            })
        #expect(summary.failedRequests == 0)
    }

    @Test func failedCallIsLoggedWithStatusZeroAndTheError() async throws {
        // Given a provider that cannot connect
        let provider = FailingRecommendations(error: "java.net.ConnectException: Connection refused", latencyMilliseconds: 2)

        // When the service runs a day
        let (requests, summary) = try await recommendationEvents(provider: provider)

        // Then every request is logged with status 0 and the error text
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { $0.status == 0 && $0.result == .error("java.net.ConnectException: Connection refused") })
        #expect(summary.failedRequests == summary.requests)
        #expect(summary.followedRecommendations == 0)
    }

    @Test func aRefusedConnectionsTimeIsWrittenWithoutTheSpaceAsRealLogsWriteIt() async throws {
        // Given a provider that cannot connect and one that answers
        let configuration = SimulatorFixtures.configuration(seed: 21, users: 100, movies: 60, days: 1)
        let refused = try await SimulatorFixtures.log(
            configuration, provider: FailingRecommendations(error: "java.net.ConnectException: Connection refused", latencyMilliseconds: 2)
        ).lines
        let answered = try await SimulatorFixtures.log(configuration, provider: InProcessRecommendationProvider(latencyMilliseconds: 37) { _ in [] })
            .lines
        func requestLines(_ lines: [[UInt8]]) -> [String] {
            lines.map { String(decoding: $0, as: UTF8.self) }.filter { $0.contains(",recommendation request ") }
        }
        // Then the refused calls end in `, 2ms` and the answered ones in `, 37 ms` (SPEC §1), and both parse as requests
        #expect(!requestLines(refused).isEmpty && requestLines(refused).allSatisfy { $0.hasSuffix(", 2ms") })
        #expect(!requestLines(answered).isEmpty && requestLines(answered).allSatisfy { $0.hasSuffix(", 37 ms") })
        #expect(
            SimulatorFixtures.events(refused).filter { if case .recommendation = $0.kind { true } else { false } }.count
                == requestLines(refused).count)
    }

    @Test func slowAnswerIsLoggedAsTimeout() async throws {
        // Given a provider slower than the 600 ms timeout
        let provider = InProcessRecommendationProvider { _ in .movies([], latencyMilliseconds: 950) }

        // When the service runs a day
        let (requests, summary) = try await recommendationEvents(provider: provider, timeout: 600)

        // Then requests are logged as Java-style timeouts after the timeout
        let expected = "java.util.concurrent.TimeoutException: Request timeout to recsys:8082 after 600 ms"
        #expect(!requests.isEmpty)
        #expect(requests.allSatisfy { $0.status == 0 && $0.result == .error(expected) && $0.responseTimeMilliseconds == 600 })
        #expect(summary.timedOutRequests == summary.requests)
    }

    @Test(arguments: [
        RecommendationResponse(status: 200, text: "the+matrix+1999,The Matrix (1999)", latencyMilliseconds: 5),
        RecommendationResponse(status: 200, body: .items((0..<21).map { "movie+\($0)+1999" }), latencyMilliseconds: 5),
        RecommendationResponse(status: 503, text: "overloaded", latencyMilliseconds: 5),
        RecommendationResponse(status: 200, text: "a+1999,,b+2000", latencyMilliseconds: 5),
    ])
    func malformedOrNon200AnswerCountsAsFailure(answer: RecommendationResponse) async throws {
        // Given a provider giving an answer the service must not accept
        let provider = InProcessRecommendationProvider { _ in answer }

        // When the service runs a day
        let (requests, summary) = try await recommendationEvents(provider: provider)

        // Then every request is logged as a failure with an explanatory error
        #expect(!requests.isEmpty)
        #expect(
            requests.allSatisfy { request in
                guard case .error(let text) = request.result else { return false }
                return request.status == 0 && text.hasPrefix("java.")
            })
        #expect(summary.failedRequests == summary.requests)
    }

    @Test func rawAnswerTextIsSplitAtCommas() {
        // Given a plain-text body as the recommendation API sends it
        // When it is turned into a response
        let response = RecommendationResponse(status: 200, text: "alien+1979, the+matrix+1999\n", latencyMilliseconds: 12)

        // Then the items are the trimmed slugs
        #expect(response.body == .items(["alien+1979", "the+matrix+1999"]))
    }

    @Test func warmUpLogsNoRecommendationLines() async throws {
        // Given no recommendation service yet
        // When the service runs a day
        let (requests, summary) = try await recommendationEvents(provider: NoRecommendations())

        // Then users watch movies but no request is logged
        #expect(requests.isEmpty)
        #expect(summary.requests == 0)
        #expect(summary.watchLines > 0)
    }

    @Test func callsOverlapUpToTheConfiguredLimit() async throws {
        // Given a slow provider that records how many calls are in flight, and a limit of 4
        let gauge = ConcurrencyGauge()
        let provider = InProcessRecommendationProvider { _ in
            gauge.enter()
            try? await Task.sleep(for: .milliseconds(2))
            gauge.leave()
            return .movies([], latencyMilliseconds: 40)
        }
        var configuration = SimulatorFixtures.configuration(seed: 22, users: 200, movies: 50, days: 1)
        configuration.maximumConcurrentRequests = 4

        // When the service runs a day
        let (_, summary) = try await SimulatorFixtures.log(configuration, provider: provider)

        // Then calls overlapped, but never more than 4 at once
        #expect(summary.requests > 20)
        #expect((2...4).contains(gauge.maximum))
    }
}

/// Counts concurrent calls; the mutex guards both counters.
private final class ConcurrencyGauge: Sendable {
    private let state = Mutex<(current: Int, maximum: Int)>((0, 0))

    func enter() {
        state.withLock {
            $0.current += 1; $0.maximum = max($0.maximum, $0.current)
        }
    }
    func leave() { state.withLock { $0.current -= 1 } }
    var maximum: Int { state.withLock { $0.maximum } }
}
