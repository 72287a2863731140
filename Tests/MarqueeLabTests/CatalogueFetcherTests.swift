import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeIngest
import MarqueeLab
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Synchronization
import Testing

/// `marquee catalogue`: the store's missing users and movies fetched from the user/movie API on a loopback port.
@Suite(.dedicatedThreads)
struct CatalogueFetcherTests {
    private typealias F = LogFixture
    private static let simulator = try? Simulator(configuration: SimulatorFixtures.configuration(seed: 5, users: 300, movies: 120))

    @Test func fetchesEveryMissingUserAndMovieInBulkAndCountsUnknownIds() async throws {
        // Given a store whose events name 250 of the simulator's users, 60 of its movies, one unknown user and movie
        let simulator = try #require(Self.simulator)
        let store = try SQLiteEventStore.inMemory()
        let movies = simulator.catalogue.movies.movies.prefix(60).map(\.id.slug) + ["no+such+movie+1900"]
        let users: [Int64] = Array(0..<250) + [999_999]
        let events = users.enumerated().map { index, user in F.watch(user, movies[index % movies.count], minute: 0, at: index) }
        _ = try await store.store(IngestBatch(source: "test", events: events))
        try await store.upsert(users: [try #require(simulator.api.user(F.user(0)))])
        // When the missing records are fetched from the simulated API, 100 ids per request, 2 at a time
        let app = Application(router: buildCatalogueAPIRouter(api: simulator.api), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let summary = try await app.test(.live) { client in
            try await Self.fetcher(store, client, bulkSize: 100).fetchMissing()
        }
        // Then every known one is stored, the unknown ones are counted, and only they are still missing
        #expect(summary.missingUsers == 250)
        #expect(summary.missingMovies == 61)
        #expect(summary.users.fetched == 249)
        #expect(summary.users.unknown == 1)
        #expect(summary.movies.fetched == 60)
        #expect(summary.movies.unknown == 1)
        #expect(summary.users.failedRequests + summary.movies.failedRequests == 0)
        #expect(try await store.users().first { $0.id == F.user(42) } == simulator.api.user(F.user(42)))
        #expect(try await store.catalogueGaps() == CatalogueGaps(users: [F.user(999_999)], movies: [F.movie("no+such+movie+1900")]))
    }

    @Test func retriesAfterTooManyRequestsHonouringRetryAfter() async throws {
        // Given an API that answers the first three requests with 429 and Retry-After: 1
        let simulator = try #require(Self.simulator)
        let store = try await Self.store(users: [1, 2, 3], movies: [])
        let refusals = Mutex(3)
        let router = Router()
        router.get("/user/:ids") { request, _ -> Response in
            if refusals.withLock({ remaining in
                defer { remaining -= 1 }
                return remaining > 0
            }) {
                return Response(status: .tooManyRequests, headers: [.retryAfter: "1"])
            }
            return Self.respond(simulator.api.respond(to: request.uri.path))
        }
        // When the users are fetched
        let clock = ContinuousClock()
        let start = clock.now
        let summary = try await Application(router: router).test(.live) { client in try await Self.fetcher(store, client).fetchMissing() }
        // Then they arrive after three retries, each having waited the second the API asked for
        #expect(summary.users.fetched == 3)
        #expect(summary.users.retries == 3)
        #expect(summary.users.failedRequests == 0)
        #expect(start.duration(to: clock.now) >= .seconds(3))
        #expect(try await store.catalogueGaps().isEmpty)
    }

    @Test func countsMalformedRecordsAndKeepsTheGoodOnes() async throws {
        // Given an API whose bulk answer mixes a record with numbers as strings, records missing their id or of the
        // wrong shape, an error object, and one that leaves an id out
        let store = try await Self.store(users: [1, 2, 3, 4, 5, 6], movies: [])
        let router = Router()
        router.get("/user/:ids") { _, _ -> Response in
            Self.respond(
                CatalogueAPIResponse(
                    status: 200,
                    body: Array(
                        #"[{"user_id": "1", "age": "34", "gender": "F"}, {"age": 3}, "junk", {"user_id": -4}, {"error": "unknown user", "id": "5"}]"#
                            .utf8)))
        }
        // When the users are fetched
        let summary = try await Application(router: router).test(.live) { client in try await Self.fetcher(store, client).fetchMissing() }
        // Then the good record is stored, three bad ones and two unknown ids are counted, and nothing failed
        #expect(summary.users.fetched == 1)
        #expect(summary.users.badRecords == 3)
        #expect(summary.users.unknown == 2)
        #expect(summary.users.failedRequests == 0)
        #expect(summary.users.problems.contains { $0.contains("user_id") })
        #expect(try await store.users() == [User(id: F.user(1), age: 34, gender: "F")])
    }

    @Test func reportsAFailedRequestAfterItsAttemptsAndGoesOn() async throws {
        // Given an API whose /user answers 503 every time and whose /movie answers a body that is not JSON
        let store = try await Self.store(users: [1, 2], movies: ["heat+1995"])
        let userRequests = Mutex(0)
        let router = Router()
        router.get("/user/:ids") { _, _ -> Response in
            userRequests.withLock { $0 += 1 }
            return Response(status: .serviceUnavailable)
        }
        router.get("/movie/:ids") { _, _ in "<html>maintenance</html>" }
        // When the records are fetched with 3 attempts per request
        let summary = try await Application(router: router).test(.live) { client in
            try await Self.fetcher(store, client, attempts: 3).fetchMissing()
        }
        // Then /user was tried 3 times and failed, /movie failed at once, and both are reported with their reason
        #expect(userRequests.withLock { $0 } == 3)
        #expect(summary.users.failedRequests == 1)
        #expect(summary.users.retries == 2)
        #expect(summary.users.problems.first?.contains("503") == true)
        #expect(summary.movies.failedRequests == 1)
        #expect(summary.movies.retries == 0)
        #expect(summary.movies.problems.first?.contains("not JSON") == true)
        #expect(try await store.catalogueGaps().users.count == 2)
    }

    @Test func aRequestSlowerThanItsTimeoutIsRetriedThenReported() async throws {
        // Given an API that takes 2 s to answer
        let store = try await Self.store(users: [1], movies: [])
        let router = Router()
        router.get("/user/:ids") { _, _ -> Response in
            try await Task.sleep(for: .seconds(2))
            return Response(status: .ok)
        }
        // When the users are fetched with a 200 ms timeout and 2 attempts
        let summary = try await Application(router: router).test(.live) { client in
            try await Self.fetcher(store, client, attempts: 2, timeout: .milliseconds(200)).fetchMissing()
        }
        // Then the request failed after its two attempts
        #expect(summary.users.failedRequests == 1)
        #expect(summary.users.retries == 1)
        #expect(summary.users.problems.first?.contains("after 2 attempts") == true)
    }

    // MARK: - Helpers

    private static func fetcher(
        _ store: any EventStore, _ client: any TestClientProtocol, bulkSize: Int = 200, attempts: Int = 5, timeout: Duration = .seconds(10)
    ) throws -> CatalogueFetcher {
        let port = try #require(client.port)
        let configuration = CatalogueAPIConfiguration(
            baseURL: "http://127.0.0.1:\(port)", bulkSize: bulkSize, maximumConcurrentRequests: 2, requestTimeout: timeout,
            maximumAttempts: attempts, initialBackoff: .milliseconds(10))
        return CatalogueFetcher(store: store, client: CatalogueAPIClient(configuration: configuration))
    }

    /// A store whose events name `users` (watching `movies`, or no movie).
    private static func store(users: [Int64], movies: [String]) async throws -> SQLiteEventStore {
        let store = try SQLiteEventStore.inMemory()
        let events = users.enumerated().map { index, user in
            movies.isEmpty ? F.account(user, at: index) : F.watch(user, movies[index % movies.count], minute: 0, at: index)
        }
        _ = try await store.store(IngestBatch(source: "test", events: events))
        return store
    }

    private static func respond(_ answer: CatalogueAPIResponse) -> Response {
        Response(
            status: HTTPResponse.Status(code: answer.status), headers: [.contentType: CatalogueAPIResponse.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
