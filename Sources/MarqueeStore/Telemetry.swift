import MarqueeCore

/// What the recommendation server recorded about one answer: the raw material of online evaluation and provenance.
///
/// Its answer's fields read through it (`record.movies`, `record.route`).
@dynamicMemberLookup
public struct TelemetryRecord: Hashable, Sendable {
    /// When the answer was sent (wall time, not event time).
    public var wallTime: WallTime
    /// Who asked.
    public var user: UserID
    /// What was answered: movies, model version, route, fallback.
    public var answer: ServedAnswer
    /// Time from request to answer, in microseconds.
    public var latencyMicroseconds: Int64

    /// Creates a record.
    public init(wallTime: WallTime, user: UserID, answer: ServedAnswer, latencyMicroseconds: Int64) {
        self.wallTime = wallTime
        self.user = user
        self.answer = answer
        self.latencyMicroseconds = latencyMicroseconds
    }

    /// The answer's field at `keyPath`.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ServedAnswer, Value>) -> Value {
        get { answer[keyPath: keyPath] }
        set { answer[keyPath: keyPath] = newValue }
    }
}

/// Where the recommendation server's telemetry is kept.
public protocol TelemetryStore: Sendable {
    /// Appends records in one transaction.
    func append(telemetry records: [TelemetryRecord]) async throws(StoreError)

    /// The stored records of `user`, oldest first (all users when `nil`).
    func telemetry(of user: UserID?) async throws(StoreError) -> [TelemetryRecord]

    /// The records from wall time `start` on, oldest first, read through the wall-time index: what a periodic reader
    /// such as the canary judge needs, at a cost that grows with the window, not with all history.
    func telemetry(since start: WallTime) async throws(StoreError) -> [TelemetryRecord]

    /// Number of stored records.
    func telemetryCount() async throws(StoreError) -> Int

    /// Records from wall time `start` on (all when `nil`), counted per wall-clock bucket of
    /// `bucketSeconds` and latency bin (``LatencyCount/bin(of:)``): one aggregate for latency percentiles over time.
    /// Ordered by bucket, then bin.
    func telemetryLatencies(bucketSeconds: Int64, since start: WallTime?) async throws(StoreError) -> [LatencyCount]
}
