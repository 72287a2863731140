import MarqueeCore

/// Where Marquee keeps the event log, its quarantine, derived interactions and the catalogue.
///
/// Two implementations share one contract test suite: SQLite (embedded default) and, later, PostgreSQL.
/// Every write of ``store(_:)`` is one transaction: the events, the quarantined lines and the
/// source checkpoint they cover become durable together or not at all.
public protocol EventStore: Sendable {
    /// Stores a batch atomically. Events identical in every field (time, user, kind, payload) to a stored
    /// event are skipped and counted as duplicates; derived tables are updated for the stored ones only.
    func store(_ batch: IngestBatch) async throws(StoreError) -> BatchOutcome

    /// The checkpointed position of a source, or `nil` if nothing of it was stored yet.
    func position(of source: String) async throws(StoreError) -> SourcePosition?

    /// Inserts or replaces user records.
    func upsert(users: [User]) async throws(StoreError)

    /// Inserts or replaces movie records.
    func upsert(movies: [Movie]) async throws(StoreError)

    /// The ids of every stored user record.
    func userIDs() async throws(StoreError) -> Set<UserID>

    /// The ids of every stored movie record.
    func movieIDs() async throws(StoreError) -> Set<MovieID>

    /// Every stored movie record.
    func movies() async throws(StoreError) -> [Movie]

    /// Every stored user record.
    func users() async throws(StoreError) -> [User]

    /// The users and movies that stored events name but that have no user or movie record yet (to fetch them).
    func catalogueGaps() async throws(StoreError) -> CatalogueGaps

    /// Per (user, movie): minutes watched and the latest rating, derived from stored events.
    func interactions() async throws(StoreError) -> [Interaction]

    /// Watch and rate events in event-time order, optionally from `start` on: what users did after recommendations.
    func activity(since start: EventTime?) async throws(StoreError) -> [Event]
    /// The watch and rate events from `start` through `end` (both included; no end when `nil`), summed up: minutes per
    /// user and movie, the ratings, the latest time. Costs what the window holds in rows read, not in memory.
    func activitySummary(from start: EventTime, through end: EventTime?) async throws(StoreError) -> ActivitySummary
    /// The event time of the latest logged recommendation request, or `nil` before any.
    func latestRecommendationTime() async throws(StoreError) -> EventTime?
    /// Recommendation requests logged by the service, in event-time order, optionally from `start` on.
    func recommendationRequests(since start: EventTime?) async throws(StoreError) -> [LoggedRecommendation]
    /// Logged recommendation requests from `start` on (all when `nil`), counted per time bucket of `bucketSeconds`,
    /// outcome (status 200 or not) and response time: one aggregate over the log, however long, for availability and
    /// latency charts. Ordered by bucket, outcome (failures first), response time.
    func recommendationOutcomes(bucketSeconds: Int64, since start: EventTime?) async throws(StoreError) -> [RecommendationOutcomeCount]

    /// Counts of events, quarantined lines, duplicates, users and movies.
    func statistics() async throws(StoreError) -> StoreStatistics

    /// The ingest ledger over the batches numbered `afterBatch < number ≤ throughBatch`.
    func ingestLedger(afterBatch: Int64, throughBatch: Int64) async throws(StoreError) -> IngestLedger
}

/// A batch handed to ``EventStore/store(_:)``.
public struct IngestBatch: Sendable {
    /// The source name, e.g. `file:/var/log/movielog` or `stdin`.
    public var source: String
    /// Parsed and validated events, in source order.
    public var events: [Event]
    /// Lines that were rejected, with their reason and position.
    public var quarantined: [QuarantinedLine]
    /// The source position just after the last line of this batch, checkpointed with it; `nil` for unseekable sources.
    public var position: SourcePosition?

    /// Creates a batch.
    public init(source: String, events: [Event], quarantined: [QuarantinedLine] = [], position: SourcePosition? = nil) {
        self.source = source
        self.events = events
        self.quarantined = quarantined
        self.position = position
    }
}

/// A position in a source: a byte offset in a file, or a partition and offset in a Kafka topic.
public struct SourcePosition: Hashable, Sendable, Codable {
    /// The partition (0 for files and stdin).
    public var partition: Int
    /// The byte offset or message offset of the next unread item.
    public var offset: Int64
    /// For a file, the file `offset` is in (the path may name another file after a rotation); `nil` for other sources
    /// and for checkpoints stored before files were identified.
    public var file: FileIdentity?

    /// Creates a position.
    public init(partition: Int = 0, offset: Int64, file: FileIdentity? = nil) {
        self.partition = partition
        self.offset = offset
        self.file = file
    }
}

/// A rejected line kept in the quarantine, so that no input is ever silently lost.
///
/// The line is kept truncated to ``maximumStoredBytes``, with its full length: its source and offset find the whole
/// line in the log, and a hostile producer sending lines of megabytes cannot fill the store with them.
public struct QuarantinedLine: Hashable, Sendable {
    /// The most bytes of a line that are stored.
    public static let maximumStoredBytes = 4096

    /// The source the line came from.
    public var source: String
    /// Where in the source the line starts (byte offset, or message offset).
    public var offset: Int64
    /// The line itself, lossily decoded as UTF-8 when it was not valid UTF-8, cut to at most ``maximumStoredBytes``
    /// bytes at a character boundary.
    public private(set) var line: String
    /// The line's length in UTF-8 bytes before it was cut.
    public private(set) var length: Int
    /// Why it was rejected.
    public var reason: RejectionReason
    /// The detail of the rejection.
    public var detail: String

    /// Creates a quarantine record, cutting `line` to ``maximumStoredBytes``.
    public init(source: String, offset: Int64, line: String, reason: RejectionReason, detail: String) {
        self.source = source
        self.offset = offset
        self.length = line.utf8.count
        self.line = Self.truncated(line)
        self.reason = reason
        self.detail = detail
    }

    /// `line`'s longest prefix of whole characters within ``maximumStoredBytes`` UTF-8 bytes.
    static func truncated(_ line: String) -> String {
        guard line.utf8.count > maximumStoredBytes else { return line }
        var (bytes, end) = (0, line.startIndex)
        for index in line.indices {
            let next = line.index(after: index)
            let size = line.utf8.distance(from: index, to: next)
            guard bytes + size <= maximumStoredBytes else { break }
            bytes += size
            end = next
        }
        return String(line[..<end])
    }
}

/// What storing one batch did.
public struct BatchOutcome: Hashable, Sendable {
    /// Events newly stored.
    public var stored: Int
    /// Events skipped because an identical event was already stored.
    public var duplicates: Int
    /// Lines newly added to the quarantine.
    public var quarantined: Int
    /// Events and quarantined lines dropped because they name a forgotten user (see ``ForgettingStore``).
    public var forgotten: Int

    /// Creates an outcome.
    public init(stored: Int = 0, duplicates: Int = 0, quarantined: Int = 0, forgotten: Int = 0) {
        self.stored = stored
        self.duplicates = duplicates
        self.quarantined = quarantined
        self.forgotten = forgotten
    }
}

/// The implicit feedback of one user for one movie.
public struct Interaction: Hashable, Sendable {
    public var user: UserID
    public var movie: MovieID
    /// Number of distinct watch events (one per minute watched).
    public var minutesWatched: Int
    /// The most recent rating, if the user rated the movie.
    public var latestRating: Int?
    /// Event time of the latest watch or rate event.
    public var lastTime: EventTime

    /// Creates an interaction.
    public init(user: UserID, movie: MovieID, minutesWatched: Int, latestRating: Int?, lastTime: EventTime) {
        self.user = user
        self.movie = movie
        self.minutesWatched = minutesWatched
        self.latestRating = latestRating
        self.lastTime = lastTime
    }
}

/// A recommendation request as stored from the log.
public struct LoggedRecommendation: Hashable, Sendable {
    public var time: EventTime
    public var user: UserID
    public var request: RecommendationRequest

    /// Creates a record.
    public init(time: EventTime, user: UserID, request: RecommendationRequest) {
        self.time = time
        self.user = user
        self.request = request
    }
}

/// Counts over the store; `marquee stats --json` prints these.
public struct StoreStatistics: Hashable, Sendable, Codable {
    public struct Events: Hashable, Sendable, Codable {
        public var total: Int
        public var watch: Int
        public var rate: Int
        public var recommendation: Int
        public var account: Int

        public init(total: Int = 0, watch: Int = 0, rate: Int = 0, recommendation: Int = 0, account: Int = 0) {
            self.total = total
            self.watch = watch
            self.rate = rate
            self.recommendation = recommendation
            self.account = account
        }
    }

    public struct Quarantine: Hashable, Sendable, Codable {
        public var total: Int
        /// Count per reason code, e.g. `["bad_timestamp": 3]`.
        public var byReason: [String: Int]

        public init(total: Int = 0, byReason: [String: Int] = [:]) {
            self.total = total
            self.byReason = byReason
        }
    }

    public var events: Events
    public var quarantine: Quarantine
    /// Events skipped as duplicates over the store's lifetime.
    public var duplicates: Int
    /// Stored user records.
    public var users: Int
    /// Stored movie records.
    public var movies: Int
    /// Telemetry records of the recommendation server (one per answer).
    public var telemetry: Int

    public init(
        events: Events = .init(), quarantine: Quarantine = .init(), duplicates: Int = 0, users: Int = 0, movies: Int = 0, telemetry: Int = 0
    ) {
        self.events = events
        self.quarantine = quarantine
        self.duplicates = duplicates
        self.users = users
        self.movies = movies
        self.telemetry = telemetry
    }
}
