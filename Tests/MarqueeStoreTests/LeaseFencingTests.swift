import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// Registry writes fenced by the lifecycle lease (``LeaseFence``), run against each store: a leader paused past its
/// lease's expiry must not overrule the process that took over.
struct LeaseFencingTests {
    private static func version(_ name: String) -> ModelVersionRecord {
        ModelVersionRecord(
            version: name, createdAt: WallTime(microseconds: 10), kind: "als", hyperparameters: [:], seed: 1, codeVersion: "abc", codeDirty: false,
            marqueeVersion: "0.3.0", snapshotID: "s-1", artifactPath: "/m/\(name).mqm", artifactSHA256: "00ff", offlineMetrics: [:],
            trigger: "manual", stages: [StageChange(stage: .candidate, at: WallTime(microseconds: 10), reason: "trained")])
    }

    private static func experiment(_ name: String) -> ExperimentRecord {
        ExperimentRecord(
            name: name, control: "v1", treatment: "v3", share: 0.5, plannedPerArm: 300, startedAt: WallTime(microseconds: 20),
            since: LogFixture.time(9))
    }

    /// Registers the snapshot the versions name and then each of `names`.
    private static func register(_ names: [String], in store: any DataStore) async throws {
        try await store.register(
            snapshot: SnapshotRecord(
                id: "s-1", createdAt: WallTime(microseconds: 1), bounds: SnapshotBounds(eventTimeTo: LogFixture.time(9), throughBatch: 1),
                eventTimeFrom: nil,
                eventTimeLast: nil, rows: 0, contentHash: "cafe"))
        for name in names { try await store.register(version: version(name)) }
    }

    /// A store with v1 in production, v2 as canary and v3 a candidate, and the lease taken by `a` (token 1) and then,
    /// once it expired, by `b` (token 2).
    private static func takenOver(_ store: any DataStore) async throws -> (stale: LeaseFence, current: LeaseFence) {
        try await register(["v1", "v2", "v3"], in: store)
        try await store.promote("v1", at: WallTime(microseconds: 11), reason: "first")
        try await store.startCanary("v2", share: 0.05, at: WallTime(microseconds: 12), reason: "canary")
        let stale = try #require(
            try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 0), until: WallTime(microseconds: 100))
        ).fence
        let current = try #require(
            try await store.acquireLease("lifecycle", holder: "b", now: WallTime(microseconds: 100), until: WallTime(microseconds: 200))
        ).fence
        return (stale, current)
    }

    @Test(arguments: EventStoreFactory.all)
    func staleLeadersRegistryWritesAreRefusedAfterATakeover(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given a leader whose lease another process took over while it was paused
            let (stale, current) = try await Self.takenOver(store)
            let before = try await store.versions()
            // When it resumes and makes each kind of registry write it makes as leader
            let late = Self.experiment("late")
            let writes: [(String, @Sendable () async throws -> Void)] = [
                ("register", { try await store.register(version: Self.version("v4"), fence: stale) }),
                ("start experiment", { try await store.start(experiment: late, fence: stale) }),
                ("promote", { try await store.promote("v3", at: WallTime(microseconds: 20), reason: "late", fence: stale) }),
                ("promote canary", { try await store.promoteCanary("v2", at: WallTime(microseconds: 20), reason: "late", fence: stale) }),
                ("end canary", { try await store.endCanary("v2", at: WallTime(microseconds: 20), reason: "late", fence: stale) }),
                ("start canary", { try await store.startCanary("v3", share: 0.1, at: WallTime(microseconds: 20), reason: "late", fence: stale) }),
                (
                    "change canary share",
                    { try await store.changeCanaryShare(of: "v2", to: 0.2, at: WallTime(microseconds: 20), reason: "late", fence: stale) }
                ),
                ("roll back", { try await store.rollBack("v1", to: "v3", at: WallTime(microseconds: 20), reason: "late", fence: stale) }),
            ]
            for (name, write) in writes {
                // Then each is refused with a typed error that says why and what happens next
                let error = try await #require(throws: StoreError.self, "\(name)") { try await write() }
                #expect(error.code == .staleLease, "\(name)")
                #expect(error.message.contains("fencing token 2") && error.message.contains("token 1"), "\(error.message)")
            }
            // And the registry is as the new leader left it, with no experiment
            #expect(try await store.versions() == before)
            #expect(try await store.experiments().isEmpty)
            // And once the new leader has started an experiment, the stale leader cannot stop it
            try await store.start(experiment: Self.experiment("current"), fence: current)
            let stop = try await #require(throws: StoreError.self) {
                try await store.stopExperiment(named: "current", at: WallTime(microseconds: 30), fence: stale)
            }
            #expect(stop.code == .staleLease)
            #expect(try await store.runningExperiment()?.name == "current")
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func currentLeadersStageChangesSucceedAfterATakeover(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given the process that took the lease over
            let (_, current) = try await Self.takenOver(store)
            // When it promotes the canary and starts another
            try await store.promoteCanary("v2", at: WallTime(microseconds: 20), reason: "judged", fence: current)
            try await store.startCanary("v3", share: 0.1, at: WallTime(microseconds: 21), reason: "next", fence: current)
            // Then both are recorded
            let versions = try await store.versions()
            #expect(versions.production?.version == "v2")
            #expect(versions.latest(at: .canary)?.version == "v3")
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func leaderWhoseLeaseExpiredWithoutATakeoverStillChangesStages(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given a leader paused past its lease's expiry while no other process took the lease
            try await Self.register(["v1", "v2"], in: store)
            let fence = try #require(
                try await store.acquireLease("lifecycle", holder: "a", now: WallTime(microseconds: 0), until: WallTime(microseconds: 100))
            ).fence
            // When it resumes and promotes a version
            try await store.promote("v1", at: WallTime(microseconds: 150), reason: "late but unopposed", fence: fence)
            // Then the promotion is recorded: nobody else decided meanwhile
            #expect(try await store.productionVersion()?.version == "v1")
        }
    }
}
