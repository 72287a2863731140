import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The contract of ``RegistryStore`` and ``ExperimentStore``, run against each implementation.
struct RegistryStoreTests {
    private typealias F = LogFixture

    private static func version(_ name: String, snapshot: String = "s-1") -> ModelVersionRecord {
        ModelVersionRecord(
            version: name, createdAt: WallTime(microseconds: 10), kind: "als", hyperparameters: ["factors": "8"], seed: UInt64.max,
            codeVersion: "abc",
            codeDirty: true, marqueeVersion: "0.3.0", snapshotID: snapshot, artifactPath: "/m/\(name).mqm", artifactSHA256: "00ff",
            offlineMetrics: ["ndcg@20": 0.25], trigger: "manual",
            stages: [StageChange(stage: .candidate, at: WallTime(microseconds: 10), reason: "trained")])
    }

    private static let snapshot = SnapshotRecord(
        id: "s-1", createdAt: WallTime(microseconds: 1), bounds: SnapshotBounds(eventTimeTo: F.time(9), throughBatch: 3), eventTimeFrom: F.time(1),
        eventTimeLast: F.time(9), rows: 12, contentHash: "cafe", sourceOffsets: ["file:/log#0": 42])

    private static func experiment(_ name: String, startedAt: Int64 = 20) -> ExperimentRecord {
        ExperimentRecord(
            name: name, control: "v1-als", treatment: "v2-als", share: 0.5, plannedPerArm: 300, startedAt: WallTime(microseconds: startedAt),
            since: F.time(9))
    }

    @Test(arguments: EventStoreFactory.all)
    func promotionsMadeAtOnceLeaveExactlyOneProductionVersion(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given eight registered versions, one of them production
            try await store.register(snapshot: Self.snapshot)
            let names = (1...8).map { "v\($0)-als" }
            for name in names { try await store.register(version: Self.version(name)) }
            try await store.promote("v1-als", at: WallTime(microseconds: 11), reason: "first")
            // When seven processes each promote another version at the same moment
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in names.dropFirst() { group.addTask { try await store.promote(name, at: WallTime(microseconds: 12), reason: "at once") } }
                try await group.waitForAll()
            }
            // Then one version is production and every other was retired once, by the promotion that replaced it
            let versions = try await store.versions()
            #expect(versions.filter { $0.stage == .production }.count == 1, "\(versions.map { ($0.version, $0.stage) })")
            #expect(versions.filter { $0.stage == .retired }.count == 7)
            for version in versions { #expect(version.stages.filter { $0.stage == .retired }.count <= 1, "\(version.version)") }
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func canariesStartedAtOnceLeaveExactlyOneCanary(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            try await store.register(snapshot: Self.snapshot)
            let names = (1...6).map { "v\($0)-als" }
            for name in names { try await store.register(version: Self.version(name)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in names {
                    group.addTask { try await store.startCanary(name, share: 0.1, at: WallTime(microseconds: 12), reason: "at once") }
                }
                try await group.waitForAll()
            }
            let versions = try await store.versions()
            #expect(versions.filter { $0.stage == .canary }.count == 1, "\(versions.map { ($0.version, $0.stage) })")
            #expect(versions.filter { $0.stage == .rejected }.count == 5)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func snapshotBoundsExcludeEventsStoredLaterEvenWithEarlierTimes(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            _ = try await store.store(
                IngestBatch(source: "a", events: [F.watch(1, "heat+1995", minute: 0, at: 10), F.rate(1, "heat+1995", rating: 4, at: 20)]))
            let bounds = try await store.currentSnapshotBounds()
            #expect(bounds.throughBatch == 1 && bounds.eventTimeTo == F.time(20))
            // When a late event (earlier event time) and a newer one arrive in a second batch
            _ = try await store.store(
                IngestBatch(source: "a", events: [F.watch(1, "heat+1995", minute: 1, at: 5), F.watch(2, "heat+1995", minute: 0, at: 30)]))
            // Then the first bounds still select exactly the first batch's events
            let within = try await store.interactions(within: bounds)
            #expect(within.count == 1)
            #expect(within.first?.minutesWatched == 1 && within.first?.latestRating == 4 && within.first?.lastTime == F.time(20))
            let now = try await store.interactions(within: try await store.currentSnapshotBounds())
            #expect(now.map(\.minutesWatched) == [2, 1])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func snapshotRatingIsTheLatestByTimeAndTheHigherOnATie(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given ratings of one movie: two at the same latest time, one earlier arriving last
            _ = try await store.store(
                IngestBatch(
                    source: "a", events: [F.rate(1, "heat+1995", rating: 2, at: 50), F.rate(1, "heat+1995", rating: 4, at: 50)]))
            _ = try await store.store(IngestBatch(source: "a", events: [F.rate(1, "heat+1995", rating: 5, at: 10)]))
            // When the snapshot's interactions are read
            let interactions = try await store.interactions(within: try await store.currentSnapshotBounds())
            // Then the higher of the latest ratings wins, whatever the arrival order
            #expect(interactions.map(\.latestRating) == [4])
            #expect(interactions.first?.lastTime == F.time(50))
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func registersVersionsWithTheirStageHistory(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            try await store.register(snapshot: Self.snapshot)
            try await store.register(snapshot: Self.snapshot)
            #expect(try await store.snapshot(id: "s-1") == Self.snapshot)
            #expect(try await store.snapshot(id: "s-404") == nil)
            try await store.register(version: Self.version("v1-als"))
            try await store.record(
                StageChange(stage: .production, at: WallTime(microseconds: 11), eventTime: F.time(9), reason: "promoted"), for: "v1-als")
            let versions = try await store.versions()
            #expect(versions.count == 1)
            #expect(versions.first?.stages.map(\.stage) == [.candidate, .production])
            #expect(versions.first?.stages.last?.eventTime == F.time(9))
            #expect(versions.first?.seed == UInt64.max && versions.first?.offlineMetrics == ["ndcg@20": 0.25])
            #expect(versions.first?.hyperparameters == ["factors": "8"] && versions.first?.codeDirty == true)
            #expect(try await store.productionVersion()?.version == "v1-als")
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func refusesADuplicateVersionAndAStageOfAnUnknownOne(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            try await store.register(snapshot: Self.snapshot)
            try await store.register(version: Self.version("v1-als"))
            let duplicate = await #expect(throws: StoreError.self) { try await store.register(version: Self.version("v1-als")) }
            #expect(duplicate?.message.contains("already registered") == true)
            let unknown = await #expect(throws: StoreError.self) {
                try await store.record(StageChange(stage: .canary, at: WallTime(microseconds: 1), reason: "x"), for: "v9-bpr")
            }
            #expect(unknown?.code == .notFound)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func recordsPipelineRunsAndSourceOffsets(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given a checkpointed source and two pipeline runs, one that chose and one that stopped
            _ = try await store.store(IngestBatch(source: "file:/log", events: [F.account(1, at: 0)], position: SourcePosition(offset: 77)))
            let chosen = PipelineRunRecord(
                startedAt: WallTime(microseconds: 5), eventTime: F.time(3), trigger: "schedule", snapshotID: "s-1", chosen: "v2-als", failure: nil,
                steps: ["a", "b"])
            let stopped = PipelineRunRecord(
                startedAt: WallTime(microseconds: 6), eventTime: nil, trigger: "manual", snapshotID: nil, chosen: nil, failure: "too few events",
                steps: [])
            try await store.record(run: chosen)
            try await store.record(run: stopped)
            // Then both read back in order, exactly, and the offsets name source and partition
            #expect(try await store.pipelineRuns() == [chosen, stopped])
            #expect(try await store.sourceOffsets() == ["file:/log#0": 77])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func runsOneExperimentAtATimeBetweenRegisteredVersions(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given two registered versions
            try await store.register(snapshot: Self.snapshot)
            try await store.register(version: Self.version("v1-als"))
            let unregistered = await #expect(throws: StoreError.self) { try await store.start(experiment: Self.experiment("first")) }
            #expect(unregistered?.code == .notFound)
            try await store.register(version: Self.version("v2-als"))
            // When an experiment starts, a second one is refused until it stops
            try await store.start(experiment: Self.experiment("first"))
            let second = await #expect(throws: StoreError.self) { try await store.start(experiment: Self.experiment("second", startedAt: 21)) }
            #expect(second?.message.contains("is running") == true)
            #expect(try await store.runningExperiment()?.name == "first")
            try await store.stopExperiment(named: "first", at: WallTime(microseconds: 30))
            // Then its name cannot be reused, stopping it again is refused, and a new one can start
            let reused = await #expect(throws: StoreError.self) { try await store.start(experiment: Self.experiment("first", startedAt: 31)) }
            #expect(reused?.message.contains("ran before") == true)
            let stopAgain = await #expect(throws: StoreError.self) { try await store.stopExperiment(named: "first", at: WallTime(microseconds: 32)) }
            #expect(stopAgain?.code == .notFound)
            try await store.start(experiment: Self.experiment("second", startedAt: 33))
            let all = try await store.experiments()
            #expect(all.map(\.name) == ["first", "second"])
            #expect(all.first?.stoppedAt == WallTime(microseconds: 30) && all.last?.stoppedAt == nil)
            #expect(all.last == Self.experiment("second", startedAt: 33))
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func recordsTheCanaryWithItsShareAndEndsTheOneItReplaces(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given three registered versions, the first in production
            try await store.register(snapshot: Self.snapshot)
            for name in ["v1-als", "v2-als", "v3-als"] { try await store.register(version: Self.version(name)) }
            try await store.record(StageChange(stage: .production, at: WallTime(microseconds: 11), reason: "first"), for: "v1-als")
            #expect(try await store.canaryVersion() == nil)
            // When v2 becomes the canary of 5 %, then its share changes to 12.5 %
            try await store.startCanary("v2-als", share: 0.05, at: WallTime(microseconds: 12), eventTime: F.time(9), reason: "canary")
            #expect(try await store.canaryVersion()?.canaryShare == 0.05)
            try await store.changeCanaryShare(of: "v2-als", to: 0.125, at: WallTime(microseconds: 13), reason: "wider")
            // Then the registry holds the canary with the new share, exactly, and the history keeps both shares
            let canary = try #require(try await store.canaryVersion())
            #expect(canary.version == "v2-als" && canary.canaryShare == 0.125)
            #expect(canary.stages.map(\.share) == [nil, 0.05, 0.125])
            #expect(canary.stages[1].eventTime == F.time(9))
            // And only the canary's share can change
            let notCanary = await #expect(throws: StoreError.self) {
                try await store.changeCanaryShare(of: "v3-als", to: 0.5, at: WallTime(microseconds: 14), reason: "")
            }
            #expect(notCanary?.code == .notFound)

            // When v3 replaces it as the canary
            try await store.startCanary("v3-als", share: 0.5, at: WallTime(microseconds: 15), reason: "another canary")
            // Then v3 is the one canary, and v2 is recorded as rejected
            #expect(try await store.canaryVersion()?.version == "v3-als")
            #expect(try await store.version("v2-als")?.stage == .rejected)
            #expect(try await store.version("v2-als")?.canaryShare == nil)

            // When v3 is promoted, there is no canary left, v3 is production and v1 retired
            try await store.promoteCanary("v3-als", at: WallTime(microseconds: 16), reason: "better")
            #expect(try await store.canaryVersion() == nil)
            #expect(try await store.productionVersion()?.version == "v3-als")
            #expect(try await store.version("v1-als")?.stage == .retired)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func anEndedCanaryLeavesNoCanary(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            try await store.register(snapshot: Self.snapshot)
            try await store.register(version: Self.version("v1-als"))
            try await store.startCanary("v1-als", share: 0.2, at: WallTime(microseconds: 12), reason: "canary")
            try await store.endCanary("v1-als", at: WallTime(microseconds: 13), reason: "rolled back")
            #expect(try await store.canaryVersion() == nil)
            #expect(try await store.version("v1-als")?.stage == .rejected)
            let unknown = await #expect(throws: StoreError.self) {
                try await store.startCanary("v9-als", share: 0.2, at: WallTime(microseconds: 14), reason: "")
            }
            #expect(unknown?.code == .notFound)
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func aRollbackRejectsProductionAndRestoresTheVersionRetiredLast(factory: EventStoreFactory) async throws {
        try await factory.withStore { store in
            // Given v1, then v2, then v3 promoted to production in turn
            try await store.register(snapshot: Self.snapshot)
            for name in ["v1-als", "v2-als", "v3-als"] { try await store.register(version: Self.version(name)) }
            #expect(try await store.previousProductionVersion() == nil)
            try await store.promote("v1-als", at: WallTime(microseconds: 11), reason: "first")
            try await store.promote("v2-als", at: WallTime(microseconds: 12), reason: "second")
            try await store.promote("v3-als", at: WallTime(microseconds: 13), reason: "third")
            // Then the version production before v3 is v2, the one retired last
            #expect(try await store.previousProductionVersion()?.version == "v2-als")
            #expect(try await store.version("v1-als")?.stage == .retired)

            // When production is rolled back
            try await store.rollBack("v3-als", to: "v2-als", at: WallTime(microseconds: 14), reason: "worse online")
            // Then v3 is rejected with the reason, v2 is production again, and the version before it is v1
            #expect(
                try await store.version("v3-als")?.stages.last
                    == StageChange(stage: .rejected, at: WallTime(microseconds: 14), reason: "worse online"))
            #expect(try await store.productionVersion()?.version == "v2-als")
            #expect(try await store.previousProductionVersion()?.version == "v1-als")
            // And an unregistered version cannot be rolled back to, and the refusal records nothing
            let unknown = await #expect(throws: StoreError.self) {
                try await store.rollBack("v2-als", to: "v9-als", at: WallTime(microseconds: 15), reason: "")
            }
            #expect(unknown?.code == .notFound)
            #expect(try await store.productionVersion()?.version == "v2-als")
        }
    }
}
