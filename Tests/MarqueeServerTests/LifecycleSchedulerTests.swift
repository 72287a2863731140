import Foundation
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

struct LifecycleSchedulerTests {
    @Test func trainsTheFirstModelThenRetrainsOnlyWhenTheLogHasAdvancedEnoughEventTime() async throws {
        // Given a store with the first 3 simulated days of a service, and a scheduler retraining every 3 days of event time
        let configuration = SimulatorFixtures.configuration(users: 300, movies: 100, days: 6)
        let (lines, _) = try await SimulatorFixtures.log(configuration)
        let events = SimulatorFixtures.events(lines)
        let cut = configuration.start.adding(seconds: 3 * 86_400)
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: try Simulator(configuration: configuration).catalogue.movies.movies)
        _ = try await store.store(IngestBatch(source: "log", events: events.filter { $0.time < cut }))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-scheduler-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = RecommendationService(model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap"))
        let pipeline = PipelineConfiguration(
            candidates: [CandidateSpec(kind: "popularity"), CandidateSpec(kind: "item-knn")], modelsDirectory: directory,
            codeVersion: CodeVersion(commit: "test", dirty: true), gateMargin: 1)
        let controller = LifecycleController(store: store, service: service, configuration: .init(pipeline: pipeline, canaryShare: 0.1))
        let scheduler = LifecycleScheduler(controller: controller, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))

        // When it looks for the first time, the first model goes to production
        _ = await scheduler.step(now: 1)
        let first = try #require(try await store.productionVersion())
        #expect(service.model.version == first.version)
        // And with no new events, nothing happens
        #expect(await scheduler.step(now: 2) == nil)
        #expect(try await store.versions().count == 2)

        // When 3 more days are ingested, it retrains and sends the choice to a canary
        _ = try await store.store(IngestBatch(source: "log", events: events.filter { $0.time >= cut }))
        let retrained = await scheduler.step(now: 3)
        #expect(retrained?.contains("started canary") == true, "\(retrained ?? "nothing")")
        #expect(try await store.versions().count == 4)
        let canary = await controller.canary
        #expect(canary != nil)
        #expect(service.current.canary?.version == canary?.version)
        // And while the canary has no traffic, the scheduler waits for it rather than retraining
        let waiting = await scheduler.step(now: 4)
        #expect(waiting?.contains("waiting") == true, "\(waiting ?? "nothing")")
        #expect(try await store.versions().count == 4)
    }
}
