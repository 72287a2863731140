import MarqueeCore
import MarqueeStore
import Synchronization

/// Rows read of answers, telemetry and events.
struct Reads: Hashable {
    var answers = 0
    /// Records read of all users (a window, or everything).
    var telemetry = 0
    /// Records read of one user at a time.
    var userTelemetry = 0
    var events = 0
}

/// A store that forwards to a SQLite store and counts the answers, telemetry records and events it returns.
final class ReadCountingStore: EventStore, TelemetryStore, OnlineRollupStore {
    let base: SQLiteEventStore
    private let counted = Mutex(Reads())

    init(base: SQLiteEventStore) { self.base = base }

    var reads: Reads { counted.withLock { $0 } }

    private func count<T>(_ rows: [T], _ field: WritableKeyPath<Reads, Int>) -> [T] {
        counted.withLock { $0[keyPath: field] += rows.count }
        return rows
    }

    func store(_ batch: IngestBatch) async throws(StoreError) -> BatchOutcome { try await base.store(batch) }
    func position(of source: String) async throws(StoreError) -> SourcePosition? { try await base.position(of: source) }
    func upsert(users: [User]) async throws(StoreError) { try await base.upsert(users: users) }
    func upsert(movies: [Movie]) async throws(StoreError) { try await base.upsert(movies: movies) }
    func userIDs() async throws(StoreError) -> Set<UserID> { try await base.userIDs() }
    func movieIDs() async throws(StoreError) -> Set<MovieID> { try await base.movieIDs() }
    func movies() async throws(StoreError) -> [Movie] { try await base.movies() }
    func users() async throws(StoreError) -> [User] { try await base.users() }
    func catalogueGaps() async throws(StoreError) -> CatalogueGaps { try await base.catalogueGaps() }
    func interactions() async throws(StoreError) -> [Interaction] { try await base.interactions() }
    func activity(since start: EventTime?) async throws(StoreError) -> [Event] { count(try await base.activity(since: start), \.events) }
    func latestRecommendationTime() async throws(StoreError) -> EventTime? { try await base.latestRecommendationTime() }
    func recommendationRequests(since start: EventTime?) async throws(StoreError) -> [LoggedRecommendation] {
        count(try await base.recommendationRequests(since: start), \.answers)
    }
    func recommendationOutcomes(bucketSeconds: Int64, since start: EventTime?) async throws(StoreError) -> [RecommendationOutcomeCount] {
        try await base.recommendationOutcomes(bucketSeconds: bucketSeconds, since: start)
    }
    func statistics() async throws(StoreError) -> StoreStatistics { try await base.statistics() }
    func ingestLedger(afterBatch: Int64, throughBatch: Int64) async throws(StoreError) -> IngestLedger {
        try await base.ingestLedger(afterBatch: afterBatch, throughBatch: throughBatch)
    }
    func append(telemetry records: [TelemetryRecord]) async throws(StoreError) { try await base.append(telemetry: records) }
    func telemetry(of user: UserID?) async throws(StoreError) -> [TelemetryRecord] {
        count(try await base.telemetry(of: user), user == nil ? \.telemetry : \.userTelemetry)
    }
    func telemetry(since start: WallTime) async throws(StoreError) -> [TelemetryRecord] { count(try await base.telemetry(since: start), \.telemetry) }
    func telemetryCount() async throws(StoreError) -> Int { try await base.telemetryCount() }
    func telemetryLatencies(bucketSeconds: Int64, since start: Int64?) async throws(StoreError) -> [LatencyCount] {
        try await base.telemetryLatencies(bucketSeconds: bucketSeconds, since: start.map(WallTime.init(microseconds:)))
    }
    func onlineRollupState() async throws(StoreError) -> OnlineRollupState? { try await base.onlineRollupState() }
    func onlineOutcomes(since start: EventTime?) async throws(StoreError) -> [OnlineOutcomeRow] { try await base.onlineOutcomes(since: start) }
    func periodViews(since start: EventTime?) async throws(StoreError) -> [PeriodViewsRow] { try await base.periodViews(since: start) }
    func recordOnlineFold(
        outcomes: [OnlineOutcomeRow], views: [PeriodViewsRow], state: OnlineRollupState, expected: OnlineRollupState?, clearing: Bool
    ) async throws(StoreError) -> Bool {
        try await base.recordOnlineFold(outcomes: outcomes, views: views, state: state, expected: expected, clearing: clearing)
    }
}
