import MarqueeCore
import MarqueeQuality
import MarqueeStore

/// Whether what users watch now has drifted from what the newest model was trained on.
public struct DriftReport: Sendable, Encodable {
    /// The snapshot of the newest registered version: the reference window ends where it ends.
    public var snapshotID: String
    public var referenceFrom: String
    public var referenceTo: String
    /// The end of the recent window (the latest event).
    public var recentTo: String?
    public var checks: [DriftCheck]

    /// Whether any check reports drift.
    public var drifted: Bool { checks.contains(where: \.drifted) }

    enum CodingKeys: String, CodingKey {
        case checks, drifted
        case snapshotID = "snapshot"
        case referenceFrom = "reference_from"
        case referenceTo = "reference_to"
        case recentTo = "recent_to"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(snapshotID, forKey: .snapshotID)
        try container.encode(referenceFrom, forKey: .referenceFrom)
        try container.encode(referenceTo, forKey: .referenceTo)
        try container.encodeIfPresent(recentTo, forKey: .recentTo)
        try container.encode(checks, forKey: .checks)
        try container.encode(drifted, forKey: .drifted)
    }
}

/// Compares the last ``referenceSpan`` of the newest version's training snapshot with the time since that snapshot
/// (see ``DriftDetector``): watches, ratings, active users, and the recommendation lists the service logged.
public struct DriftMonitor: Sendable {
    public let store: any EventStore & RegistryStore
    public let detector: DriftDetector
    /// How much event time before the snapshot's end forms the reference window.
    public let referenceSpan: Duration

    /// Creates a monitor; the reference window defaults to the snapshot's last 3 days.
    public init(store: any EventStore & RegistryStore, detector: DriftDetector = .init(), referenceSpan: Duration = .seconds(3 * 86_400)) {
        self.store = store
        self.detector = detector
        self.referenceSpan = referenceSpan
    }

    /// The drift report, or `nil` before any version is registered.
    public func report() async throws(StoreError) -> DriftReport? {
        guard let newest = try await store.versions().last, let snapshot = try await store.snapshot(id: newest.snapshotID) else { return nil }
        let end = snapshot.bounds.eventTimeTo
        let (startMicroseconds, overflow) = end.microseconds.subtractingReportingOverflow(referenceSpan.wholeMicroseconds)
        guard !overflow else { return nil }
        let start = EventTime(microseconds: startMicroseconds)
        // The events summed up in the store, per window: [start, end] is the reference, after end the recent window.
        let reference = try await store.activitySummary(from: start, through: end)
        let recent = try await store.activitySummary(from: EventTime(microseconds: end.microseconds &+ 1), through: nil)
        let served = try await store.recommendationRequests(since: start)
        func window(_ summary: ActivitySummary, _ includes: (EventTime) -> Bool) -> DriftWindow {
            DriftWindow(
                watched: summary.watched.lazy.map { ($0.user, $0.movie, $0.minutes) }, ratings: summary.ratings,
                recommendations: served.filter { includes($0.time) }.compactMap { logged in
                    guard case .movies(let movies) = logged.request.result else { return nil }
                    return movies
                })
        }
        var genres: [MovieID: [String]] = [:]
        for movie in try await store.movies() where !movie.genres.isEmpty { genres[movie.id] = movie.genres.map(\.name) }
        var users: [UserID: User] = [:]
        for user in try await store.users() { users[user.id] = user }
        return DriftReport(
            snapshotID: snapshot.id, referenceFrom: start.description, referenceTo: end.description,
            recentTo: (recent.latest ?? reference.latest)?.description,
            checks: detector.checks(reference: window(reference) { $0 <= end }, recent: window(recent) { $0 > end }, genres: genres, users: users))
    }
}
