import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MarqueeCore
import MarqueeIngest
import MarqueeLab
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

/// `marquee run --catalogue-api`: users announced by `create_account` (and anyone the log names without a record) get
/// their records from the user/movie API while the log is followed.
@Suite(.dedicatedThreads)
struct CatalogueFollowerTests {
    private typealias F = LogFixture

    @Test func fetchesTheRecordsOfNewAccountsAsTheyAppearAndNothingTwice() async throws {
        let simulator = try Simulator(configuration: SimulatorFixtures.configuration(seed: 9, users: 200, movies: 80))
        let store = try SQLiteEventStore.inMemory()
        // Given 40 accounts created in the log, without records
        _ = try await store.store(IngestBatch(source: "log", events: (0..<40).map { F.account(Int64($0), at: $0) }))
        let app = Application(router: buildCatalogueAPIRouter(api: simulator.api), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let follower = CatalogueFollower(
                fetcher: CatalogueFetcher(
                    store: store,
                    client: CatalogueAPIClient(configuration: CatalogueAPIConfiguration(baseURL: "http://127.0.0.1:\(port)", bulkSize: 16))),
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
            // When the follower looks, their records are stored as the API gives them
            let first = try #require(await follower.step())
            #expect(first.users.fetched == 40 && first.users.failedRequests == 0)
            #expect(try await store.users().count == 40)
            #expect(try await store.users().first { $0.id == F.user(7) } == simulator.api.user(F.user(7)))
            // And with nothing new, the next look asks for nothing
            let idle = try #require(await follower.step())
            #expect(idle.missingUsers == 0 && idle.missingMovies == 0)
            // When two more accounts are created, the next look fetches exactly them
            _ = try await store.store(IngestBatch(source: "log", events: [F.account(150, at: 100), F.account(151, at: 101)]))
            let later = try #require(await follower.step())
            #expect(later.missingUsers == 2 && later.users.fetched == 2)
            #expect(try await store.catalogueGaps().users.isEmpty)
        }
    }
}
