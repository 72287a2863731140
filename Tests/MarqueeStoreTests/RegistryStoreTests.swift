import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

struct RegistryStoreTests {
    private typealias F = LogFixture

    private static func version(_ name: String, snapshot: String = "s-1") -> ModelVersionRecord {
        ModelVersionRecord(
            version: name, createdAt: 10, kind: "als", hyperparameters: ["factors": "8"], seed: UInt64.max, codeVersion: "abc",
            codeDirty: true, marqueeVersion: "0.3.0", snapshotID: snapshot, artifactPath: "/m/\(name).mqm", artifactSHA256: "00ff",
            offlineMetrics: ["ndcg@20": 0.25], trigger: "manual", stages: [StageChange(stage: .candidate, at: 10, reason: "trained")])
    }

    private static func storeWithSnapshot() async throws -> SQLiteEventStore {
        let store = try SQLiteEventStore.inMemory()
        try await store.register(
            snapshot: SnapshotRecord(
                id: "s-1", createdAt: 1, bounds: SnapshotBounds(eventTimeTo: F.time(9), throughBatch: 3), eventTimeFrom: F.time(1),
                eventTimeLast: F.time(9), rows: 12, contentHash: "cafe"))
        return store
    }

    @Test func snapshotBoundsExcludeEventsStoredLaterEvenWithEarlierTimes() async throws {
        let store = try SQLiteEventStore.inMemory()
        _ = try await store.store(IngestBatch(source: "a", events: [F.watch(1, "heat+1995", minute: 0, at: 10), F.rate(1, "heat+1995", rating: 4, at: 20)]))
        let bounds = try await store.currentSnapshotBounds()
        #expect(bounds.throughBatch == 1 && bounds.eventTimeTo == F.time(20))
        // When a late event (earlier event time) and a newer one arrive in a second batch
        _ = try await store.store(IngestBatch(source: "a", events: [F.watch(1, "heat+1995", minute: 1, at: 5), F.watch(2, "heat+1995", minute: 0, at: 30)]))
        // Then the first bounds still select exactly the first batch's events
        let within = try await store.interactions(within: bounds)
        #expect(within.count == 1)
        #expect(within.first?.minutesWatched == 1 && within.first?.latestRating == 4 && within.first?.lastTime == F.time(20))
        let now = try await store.interactions(within: try await store.currentSnapshotBounds())
        #expect(now.map(\.minutesWatched) == [2, 1])
    }

    @Test func registersVersionsWithTheirStageHistory() async throws {
        let store = try SQLiteEventStore.inMemory()
        let snapshot = SnapshotRecord(
            id: "s-1", createdAt: 1, bounds: SnapshotBounds(eventTimeTo: F.time(9), throughBatch: 3), eventTimeFrom: F.time(1),
            eventTimeLast: F.time(9), rows: 12, contentHash: "cafe")
        try await store.register(snapshot: snapshot)
        try await store.register(snapshot: snapshot)
        #expect(try await store.snapshot(id: "s-1") == snapshot)
        try await store.register(version: Self.version("v1-als"))
        try await store.record(StageChange(stage: .production, at: 11, eventTime: F.time(9), reason: "promoted"), for: "v1-als")
        let versions = try await store.versions()
        #expect(versions.count == 1)
        #expect(versions.first?.stages.map(\.stage) == [.candidate, .production])
        #expect(versions.first?.seed == UInt64.max && versions.first?.offlineMetrics == ["ndcg@20": 0.25])
        #expect(try await store.productionVersion()?.version == "v1-als")
    }

    @Test func refusesADuplicateVersionAndAStageOfAnUnknownOne() async throws {
        let store = try await Self.storeWithSnapshot()
        try await store.register(version: Self.version("v1-als"))
        let duplicate = await #expect(throws: StoreError.self) { try await store.register(version: Self.version("v1-als")) }
        #expect(duplicate?.message.contains("already registered") == true)
        let unknown = await #expect(throws: StoreError.self) {
            try await store.record(StageChange(stage: .canary, at: 1, reason: "x"), for: "v9-bpr")
        }
        #expect(unknown?.code == .notFound)
    }
}
