import Foundation
import Logging
import MarqueeCore
import MarqueeIngest
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Prometheus
import ServiceLifecycle
import Testing

/// The served models learn what users watched from each batch the ingest stored, not by reloading the history.
struct IncrementalWatchedTests {
    private static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func addedWatchesReachEveryDeployedModelAndForgottenUsersAreDropped() throws {
        // Given production and a canary that know user 1 watched a1
        let model = try ModelKinds.trainer(kind: "popularity").train(on: ModelFixtures.clustered())
        let (one, two) = try (#require(UserID(1)), #require(UserID(2)))
        let (a1, b1, b2) = (ModelFixtures.movie(cluster: 0, 1), ModelFixtures.movie(cluster: 1, 1), ModelFixtures.movie(cluster: 1, 2))
        let service = RecommendationService(model: ServingModel(recommender: model, watched: [one: [a1]], version: "p"))
        service.setCanary(ServingModel(recommender: model, watched: [one: [a1]], version: "c"), share: 0.5)

        // When user 1 watched b1 and user 2 b2 since
        service.addWatched([one: [b1], two: [b2]])

        // Then both models leave out both users' movies, old and new
        for served in [service.current.production, try #require(service.current.canary)] {
            #expect(served.watched == [one: [a1, b1], two: [b2]], "\(served.version)")
        }

        // And once user 2 is forgotten, their movies are gone from every model; nothing to add or drop changes nothing
        service.addWatched([:], forgetting: [two])
        #expect(service.current.production.watched == [one: [a1, b1]])
        #expect(service.current.canary?.watched == [one: [a1, b1]])
        service.addWatched([:], forgetting: [two])
        #expect(service.model.watched == [one: [a1, b1]])
    }

    @Test func newlyWatchedKeepsTheWatchesOfTheStoredBatchesUntilTaken() {
        // Given the events of two batches: watches, a rating and a repeated watch
        let record = NewlyWatched()
        record.record([LogFixture.watch(1, "a+1+2000", minute: 0, at: 0), LogFixture.rate(1, "b+1+2000", rating: 4, at: 1)])
        record.record([LogFixture.watch(1, "a+1+2000", minute: 1, at: 2), LogFixture.watch(2, "c+1+2000", minute: 0, at: 3)])

        // When taken, then only the watched movies are there, once each; taking again finds nothing new
        #expect(record.take() == [LogFixture.user(1): [LogFixture.movie("a+1+2000")], LogFixture.user(2): [LogFixture.movie("c+1+2000")]])
        #expect(record.take().isEmpty)
    }

    @Test func theFollowedLogTellsTheServedModelWhatWasWatchedWithoutReloadingTheHistory() async throws {
        // Given a store, a served model that knows no watches, and a log the ingest follows
        let directory = try FixtureDirectory()
        let store = try SQLiteEventStore(path: directory.path("store.sqlite"))
        let model = try ModelKinds.trainer(kind: "popularity").train(on: ModelFixtures.clustered())
        let service = RecommendationService(model: ServingModel(recommender: model, watched: [:], version: "p"))
        let log = directory.path("log")
        try LogFixture.write([LogFixture.line(LogFixture.watch(7, "a+1+2000", minute: 0, at: 0))], to: log)
        let ingest = FollowingIngest(
            store: store, path: log, service: service, metrics: IngestMetrics(registry: PrometheusCollectorRegistry()), logger: Self.quiet,
            refreshInterval: .milliseconds(50))
        let group = ServiceGroup(services: [ingest], gracefulShutdownSignals: [], logger: Self.quiet)
        let running = Task { try await group.run() }

        // When the log grows by a watch of user 8 while it runs
        try await Self.waitUntil { service.model.watched[LogFixture.user(7)] != nil }
        try LogFixture.append(LogFixture.line(LogFixture.watch(8, "b+2+2000", minute: 0, at: 60)) + "\n", to: log)

        // Then both watches reach the served model
        try await Self.waitUntil { service.model.watched[LogFixture.user(8)] != nil }
        #expect(service.model.watched == [LogFixture.user(7): [LogFixture.movie("a+1+2000")], LogFixture.user(8): [LogFixture.movie("b+2+2000")]])
        await group.triggerGracefulShutdown()
        _ = await running.result
    }

    /// Waits up to 20 s for `condition`.
    private static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<400 where !condition() { try await Task.sleep(for: .milliseconds(50)) }
        try #require(condition())
    }
}
