import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

@testable import MarqueeLifecycle

/// What the dashboard loads: buckets, headline numbers and markers.
struct DashboardLoaderTests {
    private typealias F = LogFixture

    @Test func availabilityAndLatencyPerBucketAndForTheLastHourComeFromTheLog() async throws {
        // Given two hours of requests: one failed of three in the first hour, two OK in the last
        let store = try SQLiteEventStore.inMemory()
        _ = try await store.store(
            IngestBatch(
                source: "test",
                events: [
                    F.recommendation(1, ["heat+1995"], latency: 20, at: 0), F.failedRecommendation(2, error: "timeout", at: 60),
                    F.recommendation(3, ["heat+1995"], latency: 40, at: 120), F.recommendation(1, ["heat+1995"], latency: 10, at: 7_300),
                    F.recommendation(2, ["heat+1995"], latency: 30, at: 7_400),
                ]))
        // When the dashboard loads
        let snapshot = try await DashboardLoader(store: store).load(now: WallTime(microseconds: 0))
        // Then hourly buckets hold each hour's availability and latency, and the last hour only its own requests
        #expect(snapshot.serviceBucketSeconds == 3_600)
        #expect(snapshot.service.map(\.requests) == [3, 2])
        #expect(snapshot.service.first?.succeeded == 2 && snapshot.service.first?.latency?.p50 == 40)
        #expect(snapshot.lastHour?.requests == 2 && snapshot.lastHour?.availability == 1 && snapshot.lastHour?.latency?.p99 == 30)
        // And without models there is no production version, drift or marker
        #expect(snapshot.production == nil && snapshot.drift == nil && snapshot.markers.isEmpty)
    }

    @Test func anEmptyStoreLoadsAnEmptySnapshot() async throws {
        let snapshot = try await DashboardLoader(store: try SQLiteEventStore.inMemory()).load(now: WallTime(microseconds: 1_800_000_000_000_000))
        #expect(snapshot.service.isEmpty && snapshot.lastHour == nil && snapshot.online == nil && snapshot.serverLatency.isEmpty)
        #expect(snapshot.dataQuality.quarantineRate == nil)
        #expect(snapshot.dataQuality.validations?.allSatisfy { $0.status == .notMeasured } == true)
    }

    @Test func bucketsGrowFromAnHourToADayToStayBelowTheLimit() {
        #expect(DashboardLoader.bucketSeconds(span: 2 * 86_400, maximumBuckets: 120) == 3_600)
        #expect(DashboardLoader.bucketSeconds(span: 14 * 86_400, maximumBuckets: 120) == 3 * 3_600)
        #expect(DashboardLoader.bucketSeconds(span: 365 * 86_400, maximumBuckets: 120) == 86_400)
    }

    @Test func stageChangesBecomeMarkersAndAnExperimentStopIsPlacedBetweenAnchors() {
        // Given a canary promoted with known event times, and an experiment stopped halfway (wall clock) between them
        func change(_ stage: ModelStage, wall: Int64, day: Int) -> StageChange {
            StageChange(stage: stage, at: WallTime(microseconds: wall), eventTime: F.time(day * 86_400), reason: "test")
        }
        let version = ModelVersionRecord(
            version: "v2-als", createdAt: WallTime(microseconds: 0), kind: "als", hyperparameters: [:], seed: nil, codeVersion: "c", codeDirty: false,
            marqueeVersion: "m",
            snapshotID: "s", artifactPath: "a", artifactSHA256: "h", offlineMetrics: [:], trigger: "schedule",
            stages: [change(.candidate, wall: 0, day: 0), change(.canary, wall: 1_000, day: 1), change(.production, wall: 3_000, day: 3)])
        let experiment = ExperimentRecord(
            name: "ab", control: "v1", treatment: "v2-als", share: 0.5, plannedPerArm: 10, startedAt: WallTime(microseconds: 1_000),
            since: F.time(86_400), stoppedAt: WallTime(microseconds: 2_000))
        // When the markers are made
        let markers = LifecycleMarkers.of(versions: [version], experiments: [experiment], runs: [])
        // Then the canary and promotion keep their times, and the stop is interpolated to day 2
        #expect(markers.map(\.label) == ["A/B ab starts", "canary v2-als", "A/B ab ends", "promoted v2-als"])
        #expect(markers.first { $0.kind == .experimentStop }?.time == F.time(2 * 86_400))
    }
}
