import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MarqueeCore
import MarqueeIngest
import MarqueeLab
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The whole loop under the newer variant of the service (ratings 1–10, `create_account`, 600 ms, self-descriptions
/// under undocumented keys), every step configured by the service configuration recorded in the store.
@Suite(.dedicatedThreads)
struct NewerVariantWholeLoopTests {
    private static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test func ingestTrainAndServeFollowTheNewerVariantRecordedInTheStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-newer-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fields = SelfDescriptionFields(likes: "movies_i_like", dislikes: "movies_i_avoid")

        // Given the newer variant played by the simulator: 1–10 ratings, new accounts, self-descriptions under its own keys
        var newer = SimulatorFixtures.configuration(seed: 9, users: 300, movies: 80, days: 2, ratingScale: .tenPoints, newAccountShare: 0.2)
        newer.selfDescriptionShare = 0.5
        newer.selfDescriptionFields = fields
        newer.requestTimeoutMilliseconds = 600
        let world = newer
        let simulator = try Simulator(configuration: world)
        let api = Application(router: buildCatalogueAPIRouter(api: simulator.api), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await api.test(.live) { apiClient in
            let apiPort = try #require(apiClient.port)
            // And a store first configured for it by a file like deploy/service/newer.json
            let file = """
                {"rating_scale": 10, "request_budget_ms": 600, "self_description": {"likes": "movies_i_like", "dislikes": "movies_i_avoid"},
                 "catalogue_api": {"url": "http://127.0.0.1:\(apiPort)", "max_concurrent_requests": 2}}
                """
            let store = try SQLiteEventStore(path: directory + "/store.sqlite")
            _ = try await store.agreedServiceConfiguration(
                given: try ServiceConfiguration(json: Data(file.utf8), source: "newer.json"), source: "--service-config newer.json",
                now: WallTime(microseconds: 1))
            // When every later step takes the configuration from the store, as a later command does
            let service = try await store.agreedServiceConfiguration(given: nil, source: "the default configuration", now: WallTime(microseconds: 2))
            #expect(service.ratingScale == .tenPoints && service.requestBudget == .milliseconds(600) && service.selfDescriptionFields == fields)

            // Then ingest accepts every rating of 1–10 (what a 1–5 ingest quarantines)
            let (lines, _) = try await SimulatorFixtures.log(world)
            let log = directory + "/warm-up.log"
            try Data(lines.joined(separator: [0x0A]) + [0x0A]).write(to: URL(fileURLWithPath: log))
            let ingest = try await EventIngestor(store: store, configuration: IngestConfiguration(codec: .init(ratingScale: service.ratingScale)))
                .ingest(file: log)
            #expect(ingest.quarantinedByReason[.ratingOutOfScale] == nil)
            let data = try await TrainingDataLoader(store: store).load()
            #expect(data.interactions.contains { ($0.rating ?? 0) > 5 }, "ratings 6-10 are stored")
            let olderStore = try SQLiteEventStore.inMemory()
            let older = try await EventIngestor(store: olderStore).ingest(file: log)
            #expect(older.quarantinedByReason[.ratingOutOfScale] ?? 0 > 0, "the 1-5 rule would have quarantined them")

            // And the records of the accounts the log announced are fetched, their self-descriptions read under the configured keys
            let created = Set(SimulatorFixtures.events(lines, scale: .tenPoints).filter { $0.kind == .accountCreated }.map(\.user))
            #expect(!created.isEmpty)
            let apiConfiguration = try #require(CatalogueAPIConfiguration(service: service))
            let fetched = try await CatalogueFetcher(store: store, client: CatalogueAPIClient(configuration: apiConfiguration)).fetchMissing()
            #expect(fetched.users.failedRequests == 0)
            let users = Dictionary(uniqueKeysWithValues: try await store.users().map { ($0.id, $0) })
            #expect(created.allSatisfy { users[$0] != nil }, "every created account's record is stored")
            let described = users.values.filter(\.hasSelfDescription)
            #expect(!described.isEmpty)
            for user in described.prefix(20) { #expect(user == simulator.user(user.id)) }
            #expect(simulator.api.respond(to: "/user/\(described[described.startIndex].id.rawValue)").text.contains("\"movies_i_like\""))

            // And training counts a rating of 7 or more as a like, and 3-4 not
            let rule = FeedbackRule(scale: service.ratingScale)
            #expect(rule.weight(minutesWatched: 0, rating: 7, runtime: 100) > 0)
            #expect(rule.weight(minutesWatched: 100, rating: 4, runtime: 100) == 0 && rule.weight(minutesWatched: 100, rating: 3, runtime: 100) == 0)
            let popularity = try ModelKinds.trainer(kind: "popularity", ratingScale: service.ratingScale).train(on: data)
            #expect(popularity.descriptor.hyperparameters["minimum_rating"] == "7")
            let model = try ModelKinds.trainer(kind: "item-knn", ratingScale: service.ratingScale).train(on: data)

            // And the server answers the service's calls within its 600 ms budget, none failing
            let recommendations = RecommendationService(
                model: ServingModel(recommender: model, watched: data.watchedMovies(), version: "newer"), deadline: service.modelDeadline)
            let server = buildApplication(
                service: recommendations, configuration: .init(host: "127.0.0.1", port: 0), logger: Self.logger)
            try await server.test(.live) { client in
                let port = try #require(client.port)
                var serving = world
                serving.firstDay = 2
                serving.days = 1
                let provider = HTTPRecommendationProvider(server: "127.0.0.1:\(port)", timeout: service.requestBudget)
                let (servingLines, summary) = try await SimulatorFixtures.log(serving, provider: provider)
                let requests = SimulatorFixtures.events(servingLines, scale: .tenPoints).compactMap { event -> RecommendationRequest? in
                    if case .recommendation(let request) = event.kind { return request }
                    return nil
                }
                #expect(summary.requests > 0 && summary.timedOutRequests == 0 && !requests.isEmpty)
                #expect(
                    requests.allSatisfy { $0.status == 200 && $0.responseTimeMilliseconds < 600 }, "\(requests.filter { $0.status != 200 }.prefix(3))"
                )
            }
        }
    }
}
