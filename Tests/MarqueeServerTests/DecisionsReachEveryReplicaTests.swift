import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

/// A decision made through each entry (the pipeline, the canary judge, the admin API, the commands `marquee registry`
/// and `marquee experiment`) is recorded in the registry and reaches every replica through one path: each replica's
/// ``DeploymentApplier``. The replica where the decision was made serves it at once; the other at its applier's next
/// synchronisation (its poll), called here directly instead of waiting for one.
struct DecisionsReachEveryReplicaTests {
    typealias Replica = DeploymentApplierTests.Replica

    private static func controller(over replica: Replica, in replicas: DeploymentApplierTests.Replicas, judge: CanaryJudge = .init())
        -> LifecycleController
    {
        let pipeline = PipelineConfiguration(
            candidates: [CandidateSpec(kind: "item-knn")], modelsDirectory: replicas.directory.path(""),
            codeVersion: CodeVersion(commit: "test", dirty: true), gateMargin: 1)
        return LifecycleController(
            store: replica.store, applier: replica.applier, configuration: .init(pipeline: pipeline, canaryShare: 0.2, judge: judge))
    }

    @Test func aCandidateThePipelineChoosesServesAsTheCanaryOnEveryReplica() async throws {
        // Given two replicas of one store serving its production version, and a lifecycle controller over the first
        let replicas = try await DeploymentApplierTests.Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (first, second) = (replicas.first, replicas.second)
        let controller = Self.controller(over: first, in: replicas)

        // When the pipeline retrains and chooses a candidate
        let outcome = try await controller.retrain(now: WallTime(microseconds: 10), eventTime: LogFixture.time(0), trigger: "test")
        let chosen = try #require(outcome.chosen, "\(outcome.steps)")

        // Then the first replica serves it as the canary at once, the other after its applier synchronises, to the same users
        #expect(first.service.current.canary?.version == chosen.version && first.service.current.canaryShare == 0.2)
        #expect(second.service.current.canary == nil)
        await second.applier.synchronise()
        #expect(second.service.current.canary?.version == chosen.version && second.service.current.canaryShare == 0.2)
        #expect(first.routes == second.routes)
    }

    @Test func aCanaryTheJudgeRollsBackStopsOnEveryReplica() async throws {
        // Given two replicas serving a canary the lifecycle controller over the first started, and a judge that rolls
        // back a canary with no answers
        let replicas = try await DeploymentApplierTests.Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (first, second, production, candidate) = (replicas.first, replicas.second, replicas.production, replicas.candidate)
        let controller = Self.controller(over: first, in: replicas, judge: CanaryJudge(minimumAnswers: 0, maximumAnswers: 0))
        try await controller.startCanary(version: candidate, now: WallTime(microseconds: 10), eventTime: LogFixture.time(0))
        await second.applier.synchronise()
        #expect(first.service.current.canary?.version == candidate && second.service.current.canary?.version == candidate)

        // When the judge decides
        let decision = try await controller.judgeCanary(now: WallTime(microseconds: 11), eventTime: LogFixture.time(1))

        // Then it rolls the canary back: recorded as rejected, stopped on the first replica at once and on the other
        // after its applier synchronises, production serving everyone on both
        guard case .rollBack = decision else {
            Issue.record("expected a rollback, got \(String(describing: decision))")
            return
        }
        #expect(try await second.store.version(candidate)?.stage == .rejected)
        #expect(first.service.current.canary == nil)
        await second.applier.synchronise()
        for replica in [first, second] {
            #expect(replica.service.current.canary == nil && replica.service.model.version == production)
            #expect(replica.routes.allSatisfy { $0 == "production" })
        }
    }

    @Test func aCanaryPromotedThroughOneReplicasAdminAPIServesEveryoneOnEveryReplica() async throws {
        // Given two replicas of one store serving its production version
        let replicas = try await DeploymentApplierTests.Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (first, second, production, candidate) = (replicas.first, replicas.second, replicas.production, replicas.candidate)
        try await replicas.withAdminAPI(of: first) { client in
            // When a canary is started and then promoted through the first replica's admin API
            let (started, message) = try await DeploymentApplierTests.post(
                client, "/admin/canary", #"{"artifact": "\#(candidate).mqm", "share": 0.3}"#)
            #expect(started == .ok, "\(message)")
            let (promoted, promotion) = try await DeploymentApplierTests.post(client, "/admin/canary/promote")
            #expect(promoted == .ok && promotion.contains("serving \(candidate) to everyone"), "\(promotion)")
        }
        // Then the registry records it as production, the first replica serves it already, and the other once its
        // applier synchronises (promoting the canary it would have started, or loading it)
        #expect(try await second.store.productionVersion()?.version == candidate)
        #expect(first.service.model.version == candidate && first.service.current.canary == nil)
        await second.applier.synchronise()
        for replica in [first, second] {
            #expect(replica.service.model.version == candidate && replica.service.current.canary == nil)
            #expect(replica.service.history.last?.version == production)
        }
    }

    @Test func aVersionPromotedAndAnExperimentStartedByTheCommandsServeOnEveryReplica() async throws {
        // Given two replicas of one store serving its production version, and its candidate made a candidate again
        let replicas = try await DeploymentApplierTests.Replicas.synchronised()
        defer { withExtendedLifetime(replicas) {} }
        let (first, second, production, candidate) = (replicas.first, replicas.second, replicas.production, replicas.candidate)
        let operatorStore = try SQLiteEventStore(path: first.store.location)
        defer { try? operatorStore.close() }
        try await operatorStore.record(
            StageChange(stage: .candidate, at: WallTime(microseconds: 3), reason: "reconsidered by the test"), for: candidate)

        // When `marquee registry promote` records the candidate as production (its own connection to the store)
        try await operatorStore.promote(candidate, at: WallTime(microseconds: 10), reason: "promoted by an operator")
        // Then every replica serves it once its applier synchronises
        for replica in [first, second] {
            await replica.applier.synchronise()
            #expect(replica.service.model.version == candidate)
        }

        // When `marquee experiment start` records an experiment of production against the candidate
        let experiment = ExperimentRecord(
            name: "pop-vs-knn", control: candidate, treatment: production, share: 0.5, plannedPerArm: 100, startedAt: WallTime(microseconds: 11),
            since: LogFixture.time(0))
        try await operatorStore.start(experiment: experiment)
        // Then every replica runs it once its applier synchronises, routing every user alike
        for replica in [first, second] {
            await replica.applier.synchronise()
            #expect(replica.service.current.experiment?.name == "pop-vs-knn")
        }
        #expect(first.routes == second.routes)
        #expect(first.routes.contains("ab:pop-vs-knn:treatment") && first.routes.contains("ab:pop-vs-knn:control"))
    }
}
