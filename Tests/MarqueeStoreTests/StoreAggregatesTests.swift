import MarqueeCore
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The aggregates behind the dashboard's availability and latency charts.
struct StoreAggregatesTests {
    private typealias F = LogFixture

    @Test(arguments: EventStoreFactory.all)
    func recommendationOutcomesCountRequestsPerBucketOutcomeAndResponseTime(_ factory: EventStoreFactory) async throws {
        // Given requests in two hours: two OK at 40 ms and one failed in the first, one OK at 90 ms in the second
        try await factory.withStore { store in
            _ = try await store.store(
                IngestBatch(
                    source: "test",
                    events: [
                        F.recommendation(1, ["heat+1995"], latency: 40, at: 10), F.recommendation(2, ["heat+1995"], latency: 40, at: 20),
                        F.failedRecommendation(3, error: "timeout", latency: 800, at: 30), F.recommendation(1, ["heat+1995"], latency: 90, at: 3_700),
                        F.watch(1, "heat+1995", minute: 0, at: 40),
                    ]))
            // When they are counted per hour
            let rows = try await store.recommendationOutcomes(bucketSeconds: 3_600, since: nil)
            // Then each bucket, outcome and response time has its count, failures first
            #expect(
                rows == [
                    RecommendationOutcomeCount(bucketStart: F.time(0), succeeded: false, latencyMilliseconds: 800, count: 1),
                    RecommendationOutcomeCount(bucketStart: F.time(0), succeeded: true, latencyMilliseconds: 40, count: 2),
                    RecommendationOutcomeCount(bucketStart: F.time(3_600), succeeded: true, latencyMilliseconds: 90, count: 1),
                ])
            // And a start leaves earlier requests out
            #expect(try await store.recommendationOutcomes(bucketSeconds: 3_600, since: F.time(3_600)).map(\.count) == [1])
        }
    }

    @Test(arguments: EventStoreFactory.all)
    func telemetryLatenciesCountAnswersPerWallClockBucketAndLatencyBin(_ factory: EventStoreFactory) async throws {
        // Given answers at 1.23 ms and 1.27 ms in one minute, and 12.5 ms in the next
        try await factory.withStore { store in
            func record(_ wallSeconds: Int64, _ latency: Int64) -> TelemetryRecord {
                TelemetryRecord(
                    wallTime: WallTime(microseconds: 1_800_000_000_000_000 + wallSeconds * 1_000_000), user: F.user(1),
                    answer: ServedAnswer(movies: [F.movie("heat+1995")], modelVersion: "v1", route: .production, usedFallback: false),
                    latencyMicroseconds: latency)
            }
            try await store.append(telemetry: [record(1, 1_230), record(2, 1_270), record(61, 12_500)])
            // When they are counted per minute
            let rows = try await store.telemetryLatencies(bucketSeconds: 60, since: nil)
            // Then the first two share the 1.2 ms bin, the third is in the 12 ms bin of the next minute
            #expect(
                rows == [
                    LatencyCount(bucketStart: WallTime(microseconds: 1_800_000_000_000_000), latencyMicroseconds: 1_200, count: 2),
                    LatencyCount(bucketStart: WallTime(microseconds: 1_800_000_060_000_000), latencyMicroseconds: 12_000, count: 1),
                ])
            #expect(LatencyCount.bin(of: 9_999) == 9_900 && LatencyCount.bin(of: 10_001) == 10_000)
        }
    }
}
