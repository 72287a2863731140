import MarqueeCore

/// A window of watch and rate events summed up in the store: minutes watched per user and movie (a session is many
/// events of one movie, one per minute), the ratings given, and the latest event's time. What the drift monitor reads
/// instead of every event: a session of a film is a hundred minute events but one (user, movie) pair (on the 5-day 1M
/// store, drift's peak memory fell from 10.2 GB to 1.8 GB, bench/RESULTS.md).
public struct ActivitySummary: Hashable, Sendable {
    /// Minutes watched in the window, per user and movie, ordered by user then movie.
    public var watched: [WatchedMinutes]
    /// The ratings given in the window, in the store's order (not meaningful).
    public var ratings: [Int]
    /// The event time of the latest watch or rate event in the window, or `nil` when it holds none.
    public var latest: EventTime?

    /// Creates a summary.
    public init(watched: [WatchedMinutes], ratings: [Int], latest: EventTime?) {
        self.watched = watched
        self.ratings = ratings
        self.latest = latest
    }

    /// The summary of `events` (watch and rate; others are ignored): what the stores compute in SQL.
    public init(of events: some Sequence<Event>) {
        var minutes: [UserID: [MovieID: Int]] = [:]
        var ratings: [Int] = []
        var latest: EventTime?
        for event in events {
            switch event.kind {
            case .watch(let movie, _): minutes[event.user, default: [:]][movie, default: 0] += 1
            case .rate(_, let rating): ratings.append(rating)
            case .recommendation, .accountCreated: continue
            }
            latest = max(latest ?? event.time, event.time)
        }
        self.watched = minutes.flatMap { user, movies in movies.map { WatchedMinutes(user: user, movie: $0.key, minutes: $0.value) } }
            .sorted()
        self.ratings = ratings
        self.latest = latest
    }
}

/// How many minutes of a movie a user watched in a window; ordered by user, then movie.
public struct WatchedMinutes: Hashable, Sendable, Comparable {
    public var user: UserID
    public var movie: MovieID
    public var minutes: Int

    /// Creates a count.
    public init(user: UserID, movie: MovieID, minutes: Int) {
        self.user = user
        self.movie = movie
        self.minutes = minutes
    }

    public static func < (lhs: WatchedMinutes, rhs: WatchedMinutes) -> Bool { (lhs.user, lhs.movie) < (rhs.user, rhs.movie) }
}

extension EventStore {
    /// The summary computed from ``EventStore/activity(since:)``: for stores without an aggregate query of their own.
    public func activitySummary(from start: EventTime, through end: EventTime?) async throws(StoreError) -> ActivitySummary {
        let events = try await activity(since: start)
        guard let end else { return ActivitySummary(of: events) }
        return ActivitySummary(of: events.lazy.prefix { $0.time <= end })
    }
}
