import Foundation
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import NIOCore
import Synchronization
import Testing

/// Two replicas (a ``RecommendationService`` and its ``DeploymentApplier`` each, over their own connection to one SQLite
/// store file) stay in step through the registry: a canary started, re-shared, promoted or stopped by one is served
/// by the other, to the same users.
@Suite(.dedicatedThreads)
struct DeploymentApplierTests {
    static let world = SimulatorFixtures.configuration(users: 200, movies: 60, days: 2)
    static let token = "replica-token-of-at-least-32-bytes"
    static let quiet = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// One replica: its own store connection, service and applier.
    struct Replica {
        let store: SQLiteEventStore
        let service: RecommendationService
        let applier: DeploymentApplier

        init(path: String, logger: Logger = DeploymentApplierTests.quiet) async throws {
            store = try SQLiteEventStore(path: path)
            service = RecommendationService(model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap"))
            applier = DeploymentApplier(recorded: .registry(store), service: service, interval: .seconds(1), logger: logger)
        }

        /// The route of each of the first 400 users.
        var routes: [String] { (0..<400).compactMap { UserID(Int64($0)) }.map { service.route(for: $0).route.text } }
    }

    /// A store file with two simulated days, a popularity version in production and an item-kNN candidate, both
    /// registered by the pipeline with their artifacts in the directory.
    static func registeredStore() async throws -> (directory: FixtureDirectory, path: String, production: String, candidate: String) {
        let directory = try FixtureDirectory()
        let path = directory.path("marquee.sqlite")
        let store = try SQLiteEventStore(path: path)
        let (lines, _) = try await SimulatorFixtures.log(world)
        _ = try await store.store(IngestBatch(source: "test", events: SimulatorFixtures.events(lines)))
        let code = CodeVersion(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false)
        let outcome = try await TrainingPipeline(
            store: store,
            configuration: PipelineConfiguration(
                candidates: [CandidateSpec(kind: "popularity"), CandidateSpec(kind: "item-knn")], modelsDirectory: directory.path(""),
                codeVersion: code, gateMargin: 1)
        ).run(now: WallTime(microseconds: 1))
        let production = try #require(outcome.registered.first { $0.kind == "popularity" }).version
        let candidate = try #require(outcome.registered.first { $0.kind == "item-knn" }).version
        try await store.record(StageChange(stage: .production, at: WallTime(microseconds: 2), reason: "first"), for: production)
        try store.close()
        return (directory, path, production, candidate)
    }

    /// A registered store and two replicas of it, both serving its production version after a first poll.
    struct Replicas {
        let directory: FixtureDirectory
        let production: String
        let candidate: String
        let first: Replica
        let second: Replica

        static func synchronised() async throws -> Replicas {
            let (directory, path, production, candidate) = try await DeploymentApplierTests.registeredStore()
            let replicas = Replicas(
                directory: directory, production: production, candidate: candidate, first: try await Replica(path: path),
                second: try await Replica(path: path))
            await replicas.first.applier.synchronise()
            await replicas.second.applier.synchronise()
            return replicas
        }

        /// Runs `body` with a client of `replica`'s router, whose admin API records its changes in the registry.
        func withAdminAPI(of replica: Replica, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
            let app = Application(
                router: buildRouter(
                    service: replica.service, admin: try AdminConfiguration(token: DeploymentApplierTests.token, modelDirectory: directory.path),
                    applier: replica.applier))
            try await app.test(.router, body)
        }
    }

    static func post(_ client: any TestClientProtocol, _ path: String, _ body: String = "") async throws -> (HTTPResponse.Status, String) {
        try await client.execute(
            uri: path, method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(token)"], body: ByteBuffer(string: body)
        ) { ($0.status, String(buffer: $0.body)) }
    }

    @Test func aCanarySetThroughOneReplicasAdminAPIReachesTheOtherWithTheSameShareAndUsersUntilStopped() async throws {
        // Given two replicas of one store, both serving the registered production version
        let replicas = try await Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (first, second, production, candidate) = (replicas.first, replicas.second, replicas.production, replicas.candidate)
        #expect(first.service.model.version == production && second.service.model.version == production)
        try await replicas.withAdminAPI(of: first) { client in
            // When a canary of 30 % is started through the first replica's admin API
            let (started, message) = try await Self.post(client, "/admin/canary", #"{"artifact": "\#(candidate).mqm", "share": 0.3}"#)
            #expect(started == .ok, "\(message)")
            // Then the registry records it with its share, and the second replica serves it at its next poll
            #expect(try await second.store.canaryVersion()?.canaryShare == 0.3)
            await second.applier.synchronise()
            #expect(second.service.current.canary?.version == candidate && second.service.current.canaryShare == 0.3)
            // And both route every user the same way, about 30 % of them to the canary
            let routes = first.routes
            #expect(routes == second.routes)
            let share = Double(routes.filter { $0 == "canary" }.count) / Double(routes.count)
            #expect((0.2...0.4).contains(share), "\(share)")

            // When its share is changed to 60 % through the admin API
            #expect(try await Self.post(client, "/admin/canary/share", #"{"share": 0.6}"#).0 == .ok)
            await second.applier.synchronise()
            // Then the other replica follows, and routes as the first
            #expect(second.service.current.canaryShare == 0.6 && first.service.current.canaryShare == 0.6)
            #expect(first.routes == second.routes)

            // When the canary is stopped through the admin API
            #expect(try await Self.post(client, "/admin/canary/stop").0 == .ok)
            await second.applier.synchronise()
            // Then neither replica serves it, and the registry records the rollback
            #expect(first.service.current.canary == nil && second.service.current.canary == nil)
            #expect(second.routes.allSatisfy { $0 == "production" })
            #expect(try await second.store.version(candidate)?.stage == .rejected)
            #expect(try await second.store.canaryVersion() == nil)
        }
    }

    @Test func aCanaryStartedByTheLifecycleControllerIsPromotedOnEveryReplicaWhenTheRegistryPromotesIt() async throws {
        // Given two replicas of one store, and a lifecycle controller over the first starting a canary of 20 %
        let replicas = try await Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (directory, first, second) = (replicas.directory, replicas.first, replicas.second)
        let (production, candidate) = (replicas.production, replicas.candidate)
        let pipeline = PipelineConfiguration(
            candidates: [CandidateSpec(kind: "popularity")], modelsDirectory: directory.path(""),
            codeVersion: CodeVersion(commit: "test", dirty: true))
        let controller = LifecycleController(store: first.store, applier: first.applier, configuration: .init(pipeline: pipeline, canaryShare: 0.2))
        try await controller.startCanary(version: candidate, now: WallTime(microseconds: 10), eventTime: LogFixture.time(0))

        // When the second replica polls
        await second.applier.synchronise()
        // Then it serves the canary to the same 20 % of users
        #expect(second.service.current.canary?.version == candidate && second.service.current.canaryShare == 0.2)
        #expect(first.routes == second.routes)

        // When the registry promotes the canary (as `marquee registry promote` or the controller's judgement does)
        try await first.store.promoteCanary(candidate, at: WallTime(microseconds: 11), reason: "promoted by the test")
        await first.applier.synchronise()
        await second.applier.synchronise()
        // Then every replica serves it to everyone, with no canary left
        for replica in [first, second] {
            #expect(replica.service.model.version == candidate && replica.service.current.canary == nil)
            #expect(replica.service.history.last?.version == production)
        }
        #expect(try await second.store.version(production)?.stage == .retired)
    }

    @Test func aRegistryCanaryThatCannotBeLoadedIsLoggedOnceAndSkippedWhileProductionServes() async throws {
        // Given a replica following a store whose canary's artifact was altered after registration
        let (directory, path, production, candidate) = try await Self.registeredStore()
        defer { withExtendedLifetime(directory) {} }
        let logs = InMemoryLogHandler()
        let replica = try await Replica(path: path, logger: Logger(label: "test") { _ in logs })
        let record = try #require(try await replica.store.version(candidate))
        try Data("not a model".utf8).write(to: URL(fileURLWithPath: record.artifactPath))
        try await replica.store.startCanary(candidate, share: 0.5, at: WallTime(microseconds: 10), reason: "test canary")

        // When it polls twice
        await replica.applier.synchronise()
        await replica.applier.synchronise()

        // Then it serves production without a canary, and says why once
        #expect(replica.service.model.version == production && replica.service.current.canary == nil)
        let errors = logs.entries.filter { $0.level == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.metadata["model.version"] == .string(candidate))
        #expect(errors.first.map { "\($0.message)" }?.contains("canary") == true)
    }

    @Test func aNewVersionServesOnlyOnceItsAnswersAreComputedAndTheOldOneServesMeanwhile() async throws {
        // Given a replica serving a bootstrap version, whose applier warms new versions up by precomputing their answers
        let (directory, path, production, candidate) = try await Self.registeredStore()
        defer { withExtendedLifetime(directory) {} }
        let store = try SQLiteEventStore(path: path)
        let service = RecommendationService(model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap"))
        let servedDuringWarmUp = VersionLog()
        let applier = DeploymentApplier(recorded: .registry(store), service: service, logger: Self.quiet) { model in
            servedDuringWarmUp.append(service.model.version)
            return try await PrecomputeService.precomputed(model, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        // When the registry's production version and then a canary reach it
        await applier.synchronise()
        try await store.startCanary(candidate, share: 0.5, at: WallTime(microseconds: 10), reason: "test canary")
        await applier.synchronise()
        // Then while each was warmed up the version before it served, and each serves with its answers computed
        #expect(servedDuringWarmUp.versions == ["bootstrap", production])
        #expect(service.model.version == production && service.current.production.precomputed != nil)
        #expect(service.current.canary?.version == candidate && service.current.canary?.precomputed != nil)
    }

    @Test func aVersionHandedOverByItsDeciderIsWarmedUpBeforeItServes_whenItsAnswersAreNotComputedYet() async throws {
        // Given a server without a registry serving a bootstrap version, whose applier warms new versions up
        let (directory, path, _, _) = try await Self.registeredStore()
        defer { withExtendedLifetime(directory) {} }
        let store = try SQLiteEventStore(path: path)
        let service = RecommendationService(model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap"))
        let local = LocalDeployment()
        let servedDuringWarmUp = VersionLog()
        let applier = DeploymentApplier(recorded: .local(local), service: service, logger: Self.quiet) { model in
            servedDuringWarmUp.append(service.model.version)
            return try await PrecomputeService.precomputed(model, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        // When a version the admin API loaded is recorded and handed over, as `POST /admin/deploy` does
        let deployed = try await ServingModel.popularity(trainedOn: store, version: "deployed")
        local.deploy(deployed)
        await applier.synchronise(using: [deployed])
        // Then the bootstrap version served while its answers were computed, and it serves with them
        #expect(servedDuringWarmUp.versions == ["bootstrap"])
        #expect(service.model.version == "deployed" && service.current.production.precomputed != nil)
        // And a version handed over with its answers computed already is not computed again
        let prepared = try await PrecomputeService.precomputed(
            try await ServingModel.popularity(trainedOn: store, version: "prepared"),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        local.deploy(prepared)
        await applier.synchronise(using: [prepared])
        #expect(servedDuringWarmUp.versions == ["bootstrap"])
        #expect(service.model.version == "prepared")
    }

    @Test func aDeployAndARollbackThroughOneReplicasAdminAPIAreRecordedInTheRegistryAndReachTheOther() async throws {
        // Given two replicas of one store, both serving the registered production version, and the candidate the
        // pipeline's gate rejected made a candidate again (a rejected version cannot be deployed)
        let replicas = try await Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (first, second, production, candidate) = (replicas.first, replicas.second, replicas.production, replicas.candidate)
        try await first.store.record(
            StageChange(stage: .candidate, at: WallTime(microseconds: 3), reason: "reconsidered by the test"), for: candidate)
        try await replicas.withAdminAPI(of: first) { client in
            // When an unregistered artifact is deployed through the first replica's admin API
            let (unknown, refusal) = try await Self.post(client, "/admin/deploy", #"{"artifact": "v99-unknown.mqm"}"#)
            // Then it is refused and nothing changes
            #expect(unknown == .conflict && refusal.contains("not registered"), "\(refusal)")
            #expect(first.service.model.version == production)
            #expect(try await first.store.productionVersion()?.version == production)

            // When the candidate is deployed
            let (deployed, message) = try await Self.post(client, "/admin/deploy", #"{"artifact": "\#(candidate).mqm"}"#)
            #expect(deployed == .ok, "\(message)")
            // Then the registry records it as production and the version before as retired, and the other replica follows
            #expect(try await second.store.productionVersion()?.version == candidate)
            #expect(try await second.store.version(production)?.stage == .retired)
            await first.applier.synchronise()
            await second.applier.synchronise()
            #expect(first.service.model.version == candidate && second.service.model.version == candidate)

            // When it is rolled back through the admin API
            let (rolledBack, rollbackMessage) = try await Self.post(client, "/admin/rollback")
            #expect(rolledBack == .ok, "\(rollbackMessage)")
            // Then the registry records the candidate as rejected and production as production again, and every replica
            // serves production again, restored from what it served before
            #expect(try await second.store.version(candidate)?.stage == .rejected)
            #expect(try await second.store.productionVersion()?.version == production)
            await first.applier.synchronise()
            await second.applier.synchronise()
            for replica in [first, second] {
                #expect(replica.service.model.version == production && replica.service.history.last?.version != candidate)
            }

            // When the rejected candidate is deployed again, or production rolled back once more
            let (again, againMessage) = try await Self.post(client, "/admin/deploy", #"{"artifact": "\#(candidate).mqm"}"#)
            let (nothingBefore, _) = try await Self.post(client, "/admin/rollback")
            // Then both are refused, and production keeps serving
            #expect(again == .conflict && againMessage.contains("rejected"), "\(againMessage)")
            #expect(nothingBefore == .conflict)
            #expect(first.service.model.version == production)
            #expect(try await first.store.productionVersion()?.version == production)
        }
    }

    @Test func anExperimentStartedThroughOneReplicasAdminAPIRunsOnEveryReplicaWithTheSameArmsUntilStopped() async throws {
        // Given two replicas of one store, both serving the registered production version
        let replicas = try await Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (first, second, production, candidate) = (replicas.first, replicas.second, replicas.production, replicas.candidate)
        try await replicas.withAdminAPI(of: first) { client in
            // When an experiment of the candidate against production (the default control) is started through the first
            // replica's admin API, with its planned size
            let body = #"{"name": "knn-vs-pop", "treatment": "\#(candidate).mqm", "share": 0.5, "planned": 400}"#
            let (started, message) = try await Self.post(client, "/admin/experiment", body)
            #expect(started == .ok, "\(message)")
            // Then the registry records it, and the other replica runs it at its next poll, routing every user alike
            let recorded = try #require(try await second.store.runningExperiment())
            #expect(recorded.name == "knn-vs-pop" && recorded.treatment == candidate && recorded.control == production)
            #expect(recorded.plannedPerArm == 400 && recorded.share == 0.5)
            await second.applier.synchronise()
            #expect(second.service.current.experiment?.name == "knn-vs-pop")
            let routes = first.routes
            #expect(routes == second.routes)
            #expect(routes.contains("ab:knn-vs-pop:treatment") && routes.contains("ab:knn-vs-pop:control"))

            // When the same name is used again
            let (taken, _) = try await Self.post(client, "/admin/experiment", body)
            // Then it is refused, and the experiment runs on
            #expect(taken == .conflict && first.service.current.experiment?.name == "knn-vs-pop")

            // When it is stopped through the admin API
            #expect(try await Self.post(client, "/admin/experiment/stop").0 == .ok)
            await second.applier.synchronise()
            // Then the registry records its end, and neither replica runs it
            #expect(try await second.store.runningExperiment() == nil)
            #expect(try await second.store.experiments().first?.stoppedAt != nil)
            #expect(first.service.current.experiment == nil && second.service.current.experiment == nil)
            #expect(second.routes.allSatisfy { $0 == "production" })
        }
    }

    @Test func theLifecycleControllerJudgesTheRegistrysCanaryNotOneStoppedOrStartedElsewhere() async throws {
        // Given two replicas of one store, and a lifecycle controller over the first judging a canary it started
        let replicas = try await Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (directory, first, second, candidate) = (replicas.directory, replicas.first, replicas.second, replicas.candidate)
        let pipeline = PipelineConfiguration(
            candidates: [CandidateSpec(kind: "popularity")], modelsDirectory: directory.path(""),
            codeVersion: CodeVersion(commit: "test", dirty: true))
        let controller = LifecycleController(store: first.store, applier: first.applier, configuration: .init(pipeline: pipeline, canaryShare: 0.2))
        try await controller.startCanary(version: candidate, now: WallTime(microseconds: 10), eventTime: LogFixture.time(0))
        #expect(try await controller.followRegistryCanary(eventTime: LogFixture.time(5)) == nil)
        try await replicas.withAdminAPI(of: second) { client in
            // When the canary is stopped through the other replica's admin API
            #expect(try await Self.post(client, "/admin/canary/stop").0 == .ok)
            // Then the controller no longer judges it (it would otherwise promote a rolled-back version), and its
            // service stops serving it at its applier's next poll
            #expect(try await controller.followRegistryCanary(eventTime: LogFixture.time(5)) != nil)
            #expect(await controller.canary == nil)
            #expect(try await controller.judgeCanary(now: WallTime(microseconds: 11), eventTime: LogFixture.time(5)) == nil)
            await first.applier.synchronise()
            #expect(first.service.current.canary == nil)

            // When a canary is started through the other replica's admin API
            let (started, message) = try await Self.post(client, "/admin/canary", #"{"artifact": "\#(candidate).mqm", "share": 0.3}"#)
            #expect(started == .ok, "\(message)")
            // Then it is the one the controller judges, on the answers from the event time it first saw it
            _ = try await controller.followRegistryCanary(eventTime: LogFixture.time(7))
            let judged = try #require(await controller.canary)
            #expect(judged.version == candidate && judged.since == LogFixture.time(7) && judged.startedAt > WallTime(microseconds: 10))
        }
    }
}

/// The versions a warm-up saw serving, in order.
private final class VersionLog: Sendable {
    private let seen = Mutex<[String]>([])
    func append(_ version: String) { seen.withLock { $0.append(version) } }
    var versions: [String] { seen.withLock { $0 } }
}
