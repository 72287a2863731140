import MarqueeCore
import MarqueeQuality
import MarqueeStore

/// Validates the data that arrived in a window of ingest batches against an ``ExpectationSuite``.
///
/// A snapshot's window is the batches after the previous snapshot's last one, through its own: the data it adds.
/// Before any snapshot the window is all data not yet in one. Ledger counts cover the whole window; the checks of
/// events against the catalogue read the window's last ``referenceSpan`` of event time, to bound the work.
public struct DataValidator: Sendable {
    public let store: any EventStore & RegistryStore
    public let expectations: ExpectationSuite
    /// How much of the window's event time the catalogue checks read.
    public let referenceSpan: Duration

    /// Creates a validator.
    public init(store: any EventStore & RegistryStore, expectations: ExpectationSuite = .standard, referenceSpan: Duration = .seconds(3 * 86_400)) {
        self.store = store
        self.expectations = expectations
        self.referenceSpan = referenceSpan
    }

    /// Validates the data `snapshot` adds to the one before it.
    public func validate(snapshot: SnapshotRecord) async throws(StoreError) -> ValidationReport {
        expectations.validate(try await profile(snapshot: snapshot))
    }

    /// Validates the data ingested since the newest snapshot.
    public func validateNewData() async throws(StoreError) -> ValidationReport {
        expectations.validate(try await profileOfNewData())
    }

    /// The profile of the data `snapshot` adds to the one before it.
    public func profile(snapshot: SnapshotRecord) async throws(StoreError) -> DataProfile {
        let previous = try await previousSnapshot(before: snapshot.bounds.throughBatch)
        return try await profile(
            afterBatch: previous?.bounds.throughBatch ?? 0, throughBatch: snapshot.bounds.throughBatch,
            label: "snapshot \(snapshot.id)" + (previous.map { ", since snapshot \($0.id)" } ?? ""))
    }

    /// The profile of the data ingested since the newest snapshot.
    public func profileOfNewData() async throws(StoreError) -> DataProfile {
        let bounds = try await store.currentSnapshotBounds()
        let previous = try await previousSnapshot(before: bounds.throughBatch + 1)
        return try await profile(
            afterBatch: previous?.bounds.throughBatch ?? 0, throughBatch: bounds.throughBatch,
            label: previous.map { "data since snapshot \($0.id)" } ?? "all data")
    }

    private func profile(afterBatch: Int64, throughBatch: Int64, label: String) async throws(StoreError) -> DataProfile {
        let ledger = try await store.ingestLedger(afterBatch: afterBatch, throughBatch: throughBatch)
        let batches = throughBatch > afterBatch ? "batches \(afterBatch + 1)–\(throughBatch)" : "no batches"
        let window = "\(label): \(batches)"
            + (ledger.eventTimeFrom.flatMap { from in ledger.eventTimeTo.map { " (\(from) to \($0))" } } ?? "")
        guard let from = ledger.eventTimeFrom, let to = ledger.eventTimeTo else {
            return DataProfile(
                window: window, stored: ledger.stored, duplicates: ledger.duplicates, quarantinedByReason: ledger.quarantinedByReason,
                late: ledger.late, hours: 0, events: [], users: [:], movies: [:])
        }
        let start = max(from.microseconds, to.microseconds &- referenceSpan.wholeMicroseconds)
        let events = try await store.activity(since: EventTime(microseconds: start)).filter { $0.time <= to }
        var users: [UserID: User] = [:]
        for user in try await store.users() { users[user.id] = user }
        var movies: [MovieID: Movie] = [:]
        for movie in try await store.movies() { movies[movie.id] = movie }
        let hours = max(1, Double(to.microseconds - from.microseconds) / 3_600_000_000)
        return DataProfile(
            window: window, stored: ledger.stored, duplicates: ledger.duplicates, quarantinedByReason: ledger.quarantinedByReason,
            late: ledger.late, hours: hours, events: events, users: users, movies: movies)
    }

    /// The registered snapshot (of a pipeline run) with the most batches below `batch`.
    private func previousSnapshot(before batch: Int64) async throws(StoreError) -> SnapshotRecord? {
        var best: SnapshotRecord?
        for id in Set(try await store.pipelineRuns().compactMap(\.snapshotID)) {
            guard let snapshot = try await store.snapshot(id: id), snapshot.bounds.throughBatch < batch else { continue }
            if best.map({ snapshot.bounds.throughBatch > $0.bounds.throughBatch }) ?? true { best = snapshot }
        }
        return best
    }
}
