import MarqueeCore
import PostgresNIO

extension PostgresEventStore {
    /// Logged requests per time bucket, outcome and response time, in one `GROUP BY` (floor division, also before 1970).
    public func recommendationOutcomes(bucketSeconds: Int64, since start: EventTime?) async throws(StoreError) -> [RecommendationOutcomeCount] {
        let (logger, length, from) = (logger, max(1, bucketSeconds) * 1_000_000, start?.microseconds ?? Int64.min)
        return try await read("counting recommendation outcomes") { connection in
            let rows = try await connection.allRows(
                """
                SELECT floor(event_time::numeric / \(length))::int8 * \(length) AS bucket, status = 200 AS ok, latency_ms, count(*)
                FROM recommendations WHERE event_time >= \(from) GROUP BY bucket, ok, latency_ms ORDER BY bucket, ok, latency_ms
                """, logger: logger)
            var counts: [RecommendationOutcomeCount] = []
            for (bucket, ok, latency, count) in try rows.decode((Int64, Bool, Int, Int).self) {
                counts.append(
                    RecommendationOutcomeCount(
                        bucketStart: EventTime(microseconds: bucket), succeeded: ok, latencyMilliseconds: latency, count: count))
            }
            return counts
        }
    }

    /// Telemetry per wall-clock bucket and latency bin (100 µs below 10 ms, 1 ms above), in one `GROUP BY`.
    public func telemetryLatencies(bucketSeconds: Int64, since start: WallTime?) async throws(StoreError) -> [LatencyCount] {
        let (logger, length, from) = (logger, max(1, bucketSeconds) * 1_000_000, start?.microseconds ?? Int64.min)
        return try await read("counting telemetry latencies") { connection in
            let rows = try await connection.allRows(
                """
                SELECT wall_time / \(length) * \(length) AS bucket,
                       CASE WHEN latency_us < 10000 THEN latency_us / 100 * 100 ELSE latency_us / 1000 * 1000 END AS bin, count(*)
                FROM telemetry WHERE wall_time >= \(from) GROUP BY bucket, bin ORDER BY bucket, bin
                """, logger: logger)
            var counts: [LatencyCount] = []
            for (bucket, bin, count) in try rows.decode((Int64, Int64, Int).self) {
                counts.append(LatencyCount(bucketStart: WallTime(microseconds: bucket), latencyMicroseconds: bin, count: count))
            }
            return counts
        }
    }
}
