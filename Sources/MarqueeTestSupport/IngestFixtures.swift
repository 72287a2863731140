import Foundation
import MarqueeCore
import MarqueeStore

/// A fresh directory under the system's temporary directory, removed when the value is released.
public final class FixtureDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory.
    public init() throws {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("marquee-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String {
        URL(fileURLWithPath: path).appendingPathComponent(name).path
    }
}

/// Builds event-log lines for tests.
public enum LogFixture {
    /// 2025-01-01T00:00:00, the time fixtures count from.
    public static let epoch = EventTime(microseconds: 1_735_689_600_000_000)

    /// The time `seconds` after ``epoch``.
    public static func time(_ seconds: Int) -> EventTime {
        EventTime(microseconds: epoch.microseconds + Int64(seconds) * 1_000_000)
    }

    /// A movie id from a slug known to be valid; traps on an invalid slug (a bug in the test).
    public static func movie(_ slug: String) -> MovieID {
        guard let movie = MovieID(slug) else { preconditionFailure("'\(slug)' is not a valid slug") }
        return movie
    }

    /// A user id known to be valid; traps on an invalid id (a bug in the test).
    public static func user(_ id: Int64) -> UserID {
        guard let user = UserID(id) else { preconditionFailure("\(id) is not a valid user id") }
        return user
    }

    /// A watch event.
    public static func watch(_ user: Int64, _ slug: String, minute: Int, at seconds: Int) -> Event {
        Event(time: time(seconds), user: self.user(user), kind: .watch(movie: movie(slug), minute: minute))
    }

    /// A rate event.
    public static func rate(_ user: Int64, _ slug: String, rating: Int, at seconds: Int) -> Event {
        Event(time: time(seconds), user: self.user(user), kind: .rate(movie: movie(slug), rating: rating))
    }

    /// An account creation event.
    public static func account(_ user: Int64, at seconds: Int) -> Event {
        Event(time: time(seconds), user: self.user(user), kind: .accountCreated)
    }

    /// A successful recommendation request.
    public static func recommendation(_ user: Int64, _ slugs: [String], latency: Int = 42, at seconds: Int) -> Event {
        let request = RecommendationRequest(
            server: "10.0.0.1:8082", status: 200, result: .movies(slugs.map(movie)), responseTimeMilliseconds: latency)
        return Event(time: time(seconds), user: self.user(user), kind: .recommendation(request))
    }

    /// A failed recommendation request.
    public static func failedRecommendation(_ user: Int64, error: String, latency: Int = 800, at seconds: Int) -> Event {
        let request = RecommendationRequest(server: "10.0.0.1:8082", status: 0, result: .error(error), responseTimeMilliseconds: latency)
        return Event(time: time(seconds), user: self.user(user), kind: .recommendation(request))
    }

    /// The log line of `event`.
    public static func line(_ event: Event) -> String {
        LogLineCodec().format(event)
    }

    /// `count` distinct watch lines: user `i / 10`, movie `movie+<i % 7>+2000`, minute `i % 10`, one second apart.
    public static func watchLines(count: Int, startingAt first: Int = 0) -> [String] {
        (first..<(first + count)).map { index in
            line(watch(Int64(index / 10), "movie+\(index % 7)+2000", minute: index % 10, at: index))
        }
    }

    /// Writes `lines`, each followed by `terminator`, to a new file at `path`.
    public static func write(_ lines: [String], to path: String, terminator: String = "\n") throws {
        try Data(lines.map { $0 + terminator }.joined().utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Appends raw text to the file at `path`.
    public static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }
}

/// An event store that forwards to another and fails the `failingBatch`-th call of ``store(_:)`` (1-based),
/// as a process killed mid-write would: that batch is not stored, or, with `afterStoring`, it is stored and the
/// failure comes just after (a crash between storing a batch and acknowledging it). Every call can be slowed by
/// `delay`, to let concurrent work (a rebalance) happen mid-stream.
public struct FailingEventStore: EventStore {
    private let base: any EventStore
    private let failingBatch: Int
    private let afterStoring: Bool
    private let delay: Duration
    private let calls = StoreCallCounter()

    /// Wraps `base`, failing its `failingBatch`-th batch, before or `afterStoring` it, each call taking `delay` longer.
    public init(wrapping base: any EventStore, failingBatch: Int, afterStoring: Bool = false, delay: Duration = .zero) {
        self.base = base
        self.failingBatch = failingBatch
        self.afterStoring = afterStoring
        self.delay = delay
    }

    public func store(_ batch: IngestBatch) async throws(StoreError) -> BatchOutcome {
        if delay > .zero { try? await Task.sleep(for: delay) }
        let failing = await calls.next() == failingBatch
        if failing, !afterStoring {
            throw StoreError(.writeFailed, "simulated crash while storing batch \(failingBatch)")
        }
        let outcome = try await base.store(batch)
        if failing {
            throw StoreError(.writeFailed, "simulated crash just after storing batch \(failingBatch)")
        }
        return outcome
    }

    public func position(of source: String) async throws(StoreError) -> SourcePosition? { try await base.position(of: source) }
    public func upsert(users: [User]) async throws(StoreError) { try await base.upsert(users: users) }
    public func upsert(movies: [Movie]) async throws(StoreError) { try await base.upsert(movies: movies) }
    public func userIDs() async throws(StoreError) -> Set<UserID> { try await base.userIDs() }
    public func movieIDs() async throws(StoreError) -> Set<MovieID> { try await base.movieIDs() }
    public func movies() async throws(StoreError) -> [Movie] { try await base.movies() }
    public func users() async throws(StoreError) -> [User] { try await base.users() }
    public func catalogueGaps() async throws(StoreError) -> CatalogueGaps { try await base.catalogueGaps() }
    public func interactions() async throws(StoreError) -> [Interaction] { try await base.interactions() }
    public func recommendationRequests(since start: EventTime?) async throws(StoreError) -> [LoggedRecommendation] {
        try await base.recommendationRequests(since: start)
    }
    public func activity(since start: EventTime?) async throws(StoreError) -> [Event] { try await base.activity(since: start) }
    public func latestRecommendationTime() async throws(StoreError) -> EventTime? { try await base.latestRecommendationTime() }
    public func statistics() async throws(StoreError) -> StoreStatistics { try await base.statistics() }
    public func ingestLedger(afterBatch: Int64, throughBatch: Int64) async throws(StoreError) -> IngestLedger {
        try await base.ingestLedger(afterBatch: afterBatch, throughBatch: throughBatch)
    }
}

/// Counts calls across tasks.
actor StoreCallCounter {
    private var count = 0

    func next() -> Int {
        count += 1
        return count
    }
}

/// An event store that records every batch it is given, and forwards to another store or, without one,
/// reports every event as stored.
public actor RecordingEventStore: EventStore {
    /// The batches given to ``store(_:)``, in order.
    public private(set) var batches: [IngestBatch] = []
    private let base: (any EventStore)?

    /// Records batches, forwarding them to `base` when given.
    public init(forwardingTo base: (any EventStore)? = nil) {
        self.base = base
    }

    public func store(_ batch: IngestBatch) async throws(StoreError) -> BatchOutcome {
        batches.append(batch)
        if let base { return try await base.store(batch) }
        return BatchOutcome(stored: batch.events.count, duplicates: 0, quarantined: batch.quarantined.count)
    }

    public func position(of source: String) async throws(StoreError) -> SourcePosition? {
        if let base { return try await base.position(of: source) }
        return batches.last { $0.source == source }?.position
    }

    public func upsert(users: [User]) async throws(StoreError) { try await base?.upsert(users: users) }
    public func upsert(movies: [Movie]) async throws(StoreError) { try await base?.upsert(movies: movies) }
    public func userIDs() async throws(StoreError) -> Set<UserID> { try await base?.userIDs() ?? [] }
    public func movieIDs() async throws(StoreError) -> Set<MovieID> { try await base?.movieIDs() ?? [] }
    public func movies() async throws(StoreError) -> [Movie] { try await base?.movies() ?? [] }
    public func users() async throws(StoreError) -> [User] { try await base?.users() ?? [] }
    public func catalogueGaps() async throws(StoreError) -> CatalogueGaps { try await base?.catalogueGaps() ?? CatalogueGaps() }
    public func interactions() async throws(StoreError) -> [Interaction] { try await base?.interactions() ?? [] }
    public func recommendationRequests(since start: EventTime?) async throws(StoreError) -> [LoggedRecommendation] {
        try await base?.recommendationRequests(since: start) ?? []
    }
    public func activity(since start: EventTime?) async throws(StoreError) -> [Event] { try await base?.activity(since: start) ?? [] }
    public func latestRecommendationTime() async throws(StoreError) -> EventTime? { try await base?.latestRecommendationTime() }
    public func statistics() async throws(StoreError) -> StoreStatistics { try await base?.statistics() ?? StoreStatistics() }
    public func ingestLedger(afterBatch: Int64, throughBatch: Int64) async throws(StoreError) -> IngestLedger {
        try await base?.ingestLedger(afterBatch: afterBatch, throughBatch: throughBatch) ?? IngestLedger()
    }
}
