import MarqueeCore

/// What the recommendation server recorded about one answer: the raw material of online evaluation and provenance.
public struct TelemetryRecord: Hashable, Sendable {
    /// When the answer was sent, in microseconds since 1970 of wall time (not event time).
    public var wallTimeMicroseconds: Int64
    /// Who asked.
    public var user: UserID
    /// The movies answered, best first.
    public var movies: [MovieID]
    /// The model version that answered.
    public var modelVersion: String
    /// How the user was routed: `production`, `canary`, or an experiment arm.
    public var route: String
    /// Time from request to answer, in microseconds.
    public var latencyMicroseconds: Int64
    /// Whether the fallback list answered because the model missed its deadline.
    public var usedFallback: Bool

    /// Creates a record.
    public init(
        wallTimeMicroseconds: Int64, user: UserID, movies: [MovieID], modelVersion: String, route: String, latencyMicroseconds: Int64,
        usedFallback: Bool
    ) {
        self.wallTimeMicroseconds = wallTimeMicroseconds
        self.user = user
        self.movies = movies
        self.modelVersion = modelVersion
        self.route = route
        self.latencyMicroseconds = latencyMicroseconds
        self.usedFallback = usedFallback
    }
}

/// Where the recommendation server's telemetry is kept.
public protocol TelemetryStore: Sendable {
    /// Appends records in one transaction.
    func append(telemetry records: [TelemetryRecord]) async throws(StoreError)

    /// The stored records of `user`, oldest first (all users when `nil`).
    func telemetry(of user: UserID?) async throws(StoreError) -> [TelemetryRecord]

    /// The records from wall time `start` on (microseconds), oldest first, read through the wall-time index: what a
    /// periodic reader such as the canary judge needs, at a cost that grows with the window, not with all history.
    func telemetry(since start: Int64) async throws(StoreError) -> [TelemetryRecord]

    /// Number of stored records.
    func telemetryCount() async throws(StoreError) -> Int

    /// Records from wall time `start` on (microseconds; all when `nil`), counted per wall-clock bucket of
    /// `bucketSeconds` and latency bin (``LatencyCount/bin(of:)``): one aggregate for latency percentiles over time.
    /// Ordered by bucket, then bin.
    func telemetryLatencies(bucketSeconds: Int64, since start: Int64?) async throws(StoreError) -> [LatencyCount]
}
