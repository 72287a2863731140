import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeQuality
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The pipeline's shilling defence on the simulator's `shilling` scenario; one test at a time, so that each of the two
/// simulated logs is simulated once and shared (`SimulatedLogs`).
@Suite(.dedicatedThreads, .serialized)
struct ShillingDefenceTests {
    private static let code = CodeVersion(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false)
    private static let logs = SimulatedLogs()

    /// A store holding four simulated days of 1,500 users, with 30 shilling accounts on day 2 unless `attacked` is false.
    private static func attackedStore(attacked: Bool = true) async throws -> (SQLiteEventStore, ShillingAttack) {
        var configuration = SimulatorFixtures.configuration(seed: 11, users: 1_500, movies: 200, days: 4)
        configuration.scenarios = attacked ? [.shilling(day: 2, accounts: 30)] : []
        let simulator = try Simulator(configuration: configuration)
        let lines = try await logs.lines(attacked: attacked, of: configuration)
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: simulator.catalogue.movies.movies)
        try await store.upsert(users: (0..<Int64(configuration.users)).compactMap { UserID($0).flatMap(simulator.catalogue.users.user) })
        _ = try await store.store(IngestBatch(source: "test", events: SimulatorFixtures.events(lines)))
        return (store, simulator.shillingAttack(accounts: 30))
    }

    @Test func thePipelineLeavesTheShillingAccountsOutAndRetrainingStillReproducesTheArtifact() async throws {
        let (store, attack) = try await Self.attackedStore()
        let directory = try FixtureDirectory()
        let configuration = PipelineConfiguration(
            candidates: [CandidateSpec(kind: "item-knn")], modelsDirectory: directory.path(""), codeVersion: Self.code)
        let outcome = try await TrainingPipeline(store: store, configuration: configuration).run(now: WallTime(microseconds: 1))
        let step = try #require(outcome.steps.first { $0.hasPrefix("security:") })
        #expect(step.contains("pushing \(attack.target)"), "\(step)")
        let version = try #require(outcome.registered.first)
        let excluded = try #require(version.hyperparameters[TrainingSnapshot.excludedAccountsKey].flatMap(Int.init))
        #expect(excluded == 30)
        let snapshot = try await TrainingSnapshot.reproduce(version.snapshotID, from: store)
        #expect(TrainingPipeline.sha256(try version.retrainArtifact(on: snapshot)) == version.artifactSHA256)
    }

    @Test func theDefenceTakesBackTheTargetsExposure() async throws {
        let (store, attack) = try await Self.attackedStore()
        let snapshot = try await TrainingSnapshot.take(from: store, now: WallTime(microseconds: 1))
        let (_, report) = snapshot.excludingShilling(ShillingDetector())
        let effect = try ShillingDefenceEffect.measure(data: snapshot.data, report: report)
        let exposure = try #require(effect.exposures.first { $0.movie == attack.target.slug })
        // The same world without the attack: the target's own exposure
        let (calmStore, _) = try await Self.attackedStore(attacked: false)
        let calm = try await TrainingSnapshot.take(from: calmStore, now: WallTime(microseconds: 1))
        let unattacked = TargetedMovie(movie: attack.target, direction: .push, accounts: [], pValue: 1, cohesion: 0, groupShare: 0)
        let baseline = try #require(
            try ShillingDefenceEffect.measure(data: calm.data, report: ShillingReport(targeted: [unattacked])).exposures.first)
        let lift = exposure.withoutDefence - baseline.withoutDefence
        #expect(lift >= 0.05, "the attack should reach at least 5 % more users: \(exposure.withoutDefence) against \(baseline.withoutDefence)")
        #expect(
            exposure.withDefence - baseline.withoutDefence <= lift / 4,
            "\(exposure.withDefence) with, \(exposure.withoutDefence) without, \(baseline.withoutDefence) unattacked; found \(report.suspiciousAccounts.count), missed \(Set(attack.accounts).subtracting(report.suspiciousAccounts).sorted())"
        )
    }

    @Test func theAuditReportsTheAttackWithItsDefenceAndTheUndisturbedRunRaisesNothing() async throws {
        let (store, attack) = try await Self.attackedStore()
        let report = try await Auditor(store: store).report()
        #expect(report.security.shilling.targeted.map(\.movie) == [attack.target])
        #expect(report.security.shilling.suspiciousAccounts == attack.accounts.sorted())
        let effect = try #require(report.security.defence?.exposures.first)
        #expect(effect.withDefence < effect.withoutDefence)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder.marquee().encode(report)) as? [String: Any])
        let security = try #require(json["security"] as? [String: Any])
        #expect((security["suspicious_accounts"] as? [Int])?.count == 30)
        #expect((security["targeted_movies"] as? [[String: Any]])?.first?["movie"] as? String == attack.target.slug)
        #expect(json["fairness"] is [String: Any] && json["feedback_loops"] is [String: Any])

        let (calm, _) = try await Self.attackedStore(attacked: false)
        let undisturbed = try await Auditor(store: calm).report()
        #expect(undisturbed.security.shilling.targeted.isEmpty && undisturbed.security.defence == nil)
        #expect(!undisturbed.feedbackLoops.narrowing && !undisturbed.feedbackLoops.popularityReinforcement)
    }
}

/// The two simulated logs the tests read, attacked and undisturbed, each simulated once: the three tests need five
/// stores, and a simulation of 1,500 users takes seconds. Each test still builds its own store from the lines.
private actor SimulatedLogs {
    private var lines: [Bool: [[UInt8]]] = [:]

    func lines(attacked: Bool, of configuration: SimulatorConfiguration) async throws -> [[UInt8]] {
        if let known = lines[attacked] { return known }
        let simulated = try await SimulatorFixtures.log(configuration).lines
        lines[attacked] = simulated
        return simulated
    }
}
