import Foundation
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Synchronization
import Testing

@Suite(.dedicatedThreads)
struct LifecycleSchedulerTests {
    /// A store of simulated days shared by several `marquee run` processes, each a scheduler with its own leadership.
    private struct SharedStore {
        let store: SQLiteEventStore
        let directory: FixtureDirectory
        let pipeline: PipelineConfiguration

        init(users: Int, movies: Int, days: Int) async throws {
            let configuration = SimulatorFixtures.configuration(users: users, movies: movies, days: days)
            let (lines, _) = try await SimulatorFixtures.log(configuration)
            store = try SQLiteEventStore.inMemory()
            try await store.upsert(movies: try Simulator(configuration: configuration).catalogue.movies.movies)
            _ = try await store.store(IngestBatch(source: "log", events: SimulatorFixtures.events(lines)))
            directory = try FixtureDirectory()
            pipeline = PipelineConfiguration(
                candidates: [CandidateSpec(kind: "popularity")], modelsDirectory: directory.path,
                codeVersion: CodeVersion(commit: "test", dirty: true), gateMargin: 1)
        }

        /// The scheduler and controller of process `name`.
        func process(_ name: String) async throws -> (LifecycleScheduler, LifecycleController) {
            let service = RecommendationService(model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap"))
            let controller = LifecycleController(store: store, applier: .following(store, service), configuration: .init(pipeline: pipeline))
            // Renewals during a long step (a slow machine) happen at the test's time of the first step, not the wall clock's.
            let leadership = LifecycleLeadership(store: store, holder: name, duration: .seconds(60), clock: { WallTime(microseconds: 1_000_000) })
            let quiet = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            return (LifecycleScheduler(controller: controller, leadership: leadership, logger: quiet), controller)
        }
    }

    @Test func ofTwoProcessesSharingAStoreOnlyTheLeaderTrainsAndTheFollowerTakesOverWhenItsLeaseExpires() async throws {
        // Given two schedulers (two `marquee run` processes) on one store with 3 simulated days, each with its leadership
        let shared = try await SharedStore(users: 200, movies: 80, days: 3)
        let (first, _) = try await shared.process("first")
        let (second, _) = try await shared.process("second")
        let store = shared.store

        // When both look, the first takes the lease and trains; the second follows and trains nothing
        let led = await first.step(now: WallTime(microseconds: 1_000_000))
        #expect(led?.contains("leading the lifecycle as first") == true, "\(led ?? "nothing")")
        #expect(try await store.versions().count == 1)
        let followed = await second.step(now: WallTime(microseconds: 2_000_000))
        #expect(followed == "following: first leads the lifecycle")
        #expect(await second.step(now: WallTime(microseconds: 3_000_000)) == nil)
        #expect(try await store.versions().count == 1)

        // When the first stops renewing (it died), the second takes over once the lease has expired, and acts
        #expect(await second.step(now: WallTime(microseconds: 60_999_999)) == nil)
        let tookOver = await second.step(now: WallTime(microseconds: 61_000_000))
        #expect(tookOver?.contains("leading the lifecycle as second") == true, "\(tookOver ?? "nothing")")
        #expect(await second.leadership?.isLeader == true)
        // And the first, back, follows
        #expect(await first.step(now: WallTime(microseconds: 61_000_001)) == "following: second leads the lifecycle")

        // When the leader stops cleanly, it releases the lease and the other leads at its next look
        await second.leadership?.release()
        #expect(await first.step(now: WallTime(microseconds: 61_000_002))?.contains("leading the lifecycle as first") == true)
    }

    @Test func aLeaderPausedPastItsLeaseCannotChangeStagesOnceAnotherProcessTookOver() async throws {
        // Given two processes on one store; the first leads and trains the first model
        let shared = try await SharedStore(users: 100, movies: 50, days: 2)
        let store = shared.store
        let (first, firstController) = try await shared.process("first")
        let (second, secondController) = try await shared.process("second")
        #expect(await first.step(now: WallTime(microseconds: 1_000_000))?.contains("leading the lifecycle as first") == true)
        var candidate = try #require(try await store.versions().first)
        candidate.version += "-copy"
        candidate.stages = [StageChange(stage: .candidate, at: WallTime(microseconds: 1_000_000), reason: "registered by the test")]
        try await store.register(version: candidate)

        // When the first stops renewing (paused) and the second takes the lease over once it expired
        #expect(await second.step(now: WallTime(microseconds: 61_000_000))?.contains("leading the lifecycle as second") == true)
        // Then the first, resuming mid-step, has its stage change refused and the registry has no canary
        let eventTime = try await store.currentSnapshotBounds().eventTimeTo
        let refused = try await #require(throws: StoreError.self) {
            try await firstController.startCanary(version: candidate.version, now: WallTime(microseconds: 61_000_001), eventTime: eventTime)
        }
        #expect(refused.code == .staleLease, "\(refused)")
        #expect(try await store.canaryVersion() == nil)
        // And the new leader's change is recorded
        try await secondController.startCanary(version: candidate.version, now: WallTime(microseconds: 61_000_002), eventTime: eventTime)
        #expect(try await store.canaryVersion()?.version == candidate.version)
    }

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
        let controller = LifecycleController(
            store: store, applier: .following(store, service), configuration: .init(pipeline: pipeline, canaryShare: 0.1))
        let scheduler = LifecycleScheduler(controller: controller, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))

        // When it looks for the first time, the first model goes to production
        _ = await scheduler.step(now: WallTime(microseconds: 1))
        let first = try #require(try await store.productionVersion())
        #expect(service.model.version == first.version)
        // And with no new events, nothing happens
        #expect(await scheduler.step(now: WallTime(microseconds: 2)) == nil)
        #expect(try await store.versions().count == 2)

        // When 3 more days are ingested, it retrains and sends the choice to a canary
        _ = try await store.store(IngestBatch(source: "log", events: events.filter { $0.time >= cut }))
        let retrained = await scheduler.step(now: WallTime(microseconds: 3))
        #expect(retrained?.contains("started canary") == true, "\(retrained ?? "nothing")")
        #expect(try await store.versions().count == 4)
        let canary = await controller.canary
        #expect(canary != nil)
        #expect(service.current.canary?.version == canary?.version)
        // And while the canary has no traffic, the scheduler waits for it rather than retraining
        let waiting = await scheduler.step(now: WallTime(microseconds: 4))
        #expect(waiting?.contains("waiting") == true, "\(waiting ?? "nothing")")
        #expect(try await store.versions().count == 4)

        // When the process restarts, the new one serves the registered production version and closes the canary
        let restarted = RecommendationService(model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap"))
        let resumed = try await LifecycleController(store: store, applier: .following(store, restarted), configuration: .init(pipeline: pipeline))
            .resume(now: WallTime(microseconds: 5))
        #expect(restarted.model.version == first.version, "\(resumed)")
        #expect(try await store.version(canary?.version ?? "")?.stage == .rejected)
    }

    @Test func retrainsEarlyWhenWatchesDriftButNotOnTheUndisturbedSimulator() async throws {
        // Given a first model trained on 3 simulated days
        let configuration = SimulatorFixtures.configuration(users: 600, movies: 100, days: 5)
        let (lines, _) = try await SimulatorFixtures.log(configuration)
        let events = SimulatorFixtures.events(lines)
        let cut = configuration.start.adding(seconds: 3 * 86_400)
        let catalogue = try Simulator(configuration: configuration).catalogue.movies
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: catalogue.movies)
        _ = try await store.store(IngestBatch(source: "log", events: events.filter { $0.time < cut }))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("marquee-drift-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = RecommendationService(model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap"))
        let pipeline = PipelineConfiguration(
            candidates: [CandidateSpec(kind: "popularity")], modelsDirectory: directory, codeVersion: CodeVersion(commit: "test", dirty: true),
            gateMargin: 1)
        let controller = LifecycleController(store: store, applier: .following(store, service), configuration: .init(pipeline: pipeline))
        let scheduler = LifecycleScheduler(controller: controller, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        _ = await scheduler.step(now: WallTime(microseconds: 1))
        #expect(try await store.productionVersion() != nil)

        // When the next 2 undisturbed days arrive (less than the 3-day schedule), nothing is retrained
        _ = try await store.store(IngestBatch(source: "log", events: events.filter { $0.time >= cut }))
        let report = try #require(try await DriftMonitor(store: store).report())
        #expect(!report.checks.isEmpty && !report.drifted, "\(report.checks)")
        #expect(await scheduler.step(now: WallTime(microseconds: 2)) == nil)

        // When users then watch only one genre's movies, over an hour later (drift is looked at once per hour of event
        // time), drift triggers a retraining
        let genre = try #require(catalogue.movies.first?.genres.first?.name)
        let shifted = catalogue.movies.filter { $0.genres.contains { $0.name == genre } }.map(\.id)
        let later = configuration.start.adding(seconds: 5 * 86_400 + 6 * 3_600)
        let burst = (0..<3_000).map { index in
            Event(
                time: later.adding(seconds: Double(index)), user: UserID(Int64(index % 600))!,
                kind: .watch(movie: shifted[index % shifted.count], minute: 0))
        }
        _ = try await store.store(IngestBatch(source: "log", events: burst))
        let retrained = await scheduler.step(now: WallTime(microseconds: 3))
        #expect(retrained?.contains("deployed") == true || retrained?.contains("canary") == true, "\(retrained ?? "nothing")")
        #expect(try await store.versions().last?.trigger.hasPrefix("drift: ") == true)
    }

    @Test func looksForDriftAtMostOncePerHourOfEventTime() {
        let schedule = DriftCheckSchedule()
        let hour: Int64 = 3_600_000_000
        // The first look is due; ticks within the hour that follows are not; the next hour's is
        #expect(schedule.takeLookIfDue(at: 10 * hour))
        #expect(!schedule.takeLookIfDue(at: 10 * hour))
        #expect(!schedule.takeLookIfDue(at: 11 * hour - 1))
        #expect(schedule.takeLookIfDue(at: 11 * hour))
        #expect(!schedule.takeLookIfDue(at: 11 * hour + hour / 2))
    }

    @Test func trainsTheFirstModelOnlyOnceIngestHasCaughtUpWithTheLog() async throws {
        // Given a store with simulated days and a scheduler whose ingest is still behind the log
        let shared = try await SharedStore(users: 100, movies: 50, days: 2)
        let service = RecommendationService(model: try await ServingModel.popularity(trainedOn: shared.store, version: "bootstrap"))
        let controller = LifecycleController(
            store: shared.store, applier: .following(shared.store, service), configuration: .init(pipeline: shared.pipeline))
        let caughtUp = Mutex(false)
        let scheduler = LifecycleScheduler(
            controller: controller, hasCaughtUp: { caughtUp.withLock { $0 } },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        // When it looks while ingest is behind, it trains nothing
        #expect(await scheduler.step(now: WallTime(microseconds: 1)) == nil)
        #expect(try await shared.store.versions().isEmpty)
        // When ingest has caught up, it trains and deploys the first model
        caughtUp.withLock { $0 = true }
        #expect(await scheduler.step(now: WallTime(microseconds: 2))?.contains("deployed") == true)
        #expect(try await shared.store.productionVersion() != nil)
    }
}
