import MarqueeCore

/// How many logged recommendation requests of one time bucket had one outcome and one response time: the rows of
/// ``EventStore/recommendationOutcomes(bucketSeconds:since:)``, from which availability and latency percentiles follow.
public struct RecommendationOutcomeCount: Hashable, Sendable {
    /// The start of the bucket (event time, a multiple of the bucket length since 1970).
    public var bucketStart: EventTime
    /// Whether the service logged status 200.
    public var succeeded: Bool
    /// The response time the service logged, in milliseconds.
    public var latencyMilliseconds: Int
    /// Requests with this bucket, outcome and response time.
    public var count: Int

    /// Creates a row.
    public init(bucketStart: EventTime, succeeded: Bool, latencyMilliseconds: Int, count: Int) {
        self.bucketStart = bucketStart
        self.succeeded = succeeded
        self.latencyMilliseconds = latencyMilliseconds
        self.count = count
    }
}

/// How many telemetry records of one wall-clock bucket had one (binned) latency: the rows of
/// ``TelemetryStore/telemetryLatencies(bucketSeconds:since:)``.
public struct LatencyCount: Hashable, Sendable {
    /// The start of the bucket (its microseconds a multiple of the bucket length).
    public var bucketStart: WallTime
    /// The latency bin's lower bound in microseconds: bins are 100 µs wide below 10 ms and 1 ms wide above.
    public var latencyMicroseconds: Int64
    /// Answers in this bucket and bin.
    public var count: Int

    /// Creates a row.
    public init(bucketStart: WallTime, latencyMicroseconds: Int64, count: Int) {
        self.bucketStart = bucketStart
        self.latencyMicroseconds = latencyMicroseconds
        self.count = count
    }

    /// The bin a latency falls in: its lower bound, 100 µs wide below 10 ms, 1 ms wide above.
    public static func bin(of latencyMicroseconds: Int64) -> Int64 {
        latencyMicroseconds < 10_000 ? latencyMicroseconds / 100 * 100 : latencyMicroseconds / 1_000 * 1_000
    }
}

extension EventStore {
    /// Computes the counts from ``recommendationRequests(since:)``: correct for any store, but it reads every request;
    /// stores override it with one aggregate query.
    public func recommendationOutcomes(bucketSeconds: Int64, since start: EventTime?) async throws(StoreError) -> [RecommendationOutcomeCount] {
        let length = Swift.max(1, bucketSeconds) * 1_000_000
        var counts: [RecommendationOutcomeCount: Int] = [:]
        for request in try await recommendationRequests(since: start) {
            let key = RecommendationOutcomeCount(
                bucketStart: EventTime(microseconds: request.time.microseconds.floored(to: length)), succeeded: request.request.succeeded,
                latencyMilliseconds: request.request.responseTimeMilliseconds, count: 0)
            counts[key, default: 0] += 1
        }
        return counts.map { key, count in
            var row = key
            row.count = count
            return row
        }.sorted { ($0.bucketStart, $0.succeeded ? 1 : 0, $0.latencyMilliseconds) < ($1.bucketStart, $1.succeeded ? 1 : 0, $1.latencyMilliseconds) }
    }
}

extension TelemetryStore {
    /// Computes the counts from ``telemetry(since:)``: correct for any store, but it reads every record of the window;
    /// stores override it with one aggregate query.
    public func telemetryLatencies(bucketSeconds: Int64, since start: WallTime?) async throws(StoreError) -> [LatencyCount] {
        let length = Swift.max(1, bucketSeconds) * 1_000_000
        var counts: [LatencyCount: Int] = [:]
        let records = if let start { try await telemetry(since: start) } else { try await telemetry(of: nil) }
        for record in records {
            let key = LatencyCount(
                bucketStart: WallTime(microseconds: record.wallTime.microseconds.floored(to: length)),
                latencyMicroseconds: LatencyCount.bin(of: record.latencyMicroseconds),
                count: 0)
            counts[key, default: 0] += 1
        }
        return counts.map { key, count in
            var row = key
            row.count = count
            return row
        }.sorted { ($0.bucketStart, $0.latencyMicroseconds) < ($1.bucketStart, $1.latencyMicroseconds) }
    }
}
