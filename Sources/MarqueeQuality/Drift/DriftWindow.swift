import MarqueeCore

/// One window of the service that drift checks compare with another: its watch and rate events and the
/// recommendation lists it served.
public struct DriftWindow: Sendable {
    /// Minutes watched per (user, movie): a session's minutes are many events of one movie, so distributions over
    /// movies count each pair once and a long film does not weigh more than a short one.
    let watched: [WatchedPair: Int]
    /// The ratings given, on the service's scale.
    let ratings: [Int]
    /// Every movie of every recommendation list served, with repeats.
    let recommended: [MovieID]

    /// Collects a window from its events (watch and rate; others are ignored) and served lists.
    public init(events: [Event], recommendations: [[MovieID]] = []) {
        var watched: [(user: UserID, movie: MovieID, minutes: Int)] = []
        var ratings: [Int] = []
        for event in events {
            switch event.kind {
            case .watch(let movie, _): watched.append((event.user, movie, 1))
            case .rate(_, let rating): ratings.append(rating)
            case .recommendation, .accountCreated: continue
            }
        }
        self.init(watched: watched, ratings: ratings, recommendations: recommendations)
    }

    /// Collects a window from minutes watched per user and movie, ratings and served lists: the same window as from the
    /// events these sum up.
    public init(watched: some Sequence<(user: UserID, movie: MovieID, minutes: Int)>, ratings: [Int], recommendations: [[MovieID]] = []) {
        var pairs: [WatchedPair: Int] = [:]
        for (user, movie, minutes) in watched { pairs[WatchedPair(user: user, movie: movie), default: 0] += minutes }
        self.watched = pairs
        self.ratings = ratings
        recommended = recommendations.flatMap { $0 }
    }

    /// The distinct users who watched something.
    var activeUsers: Set<UserID> { Set(watched.keys.map(\.user)) }

    /// How many distinct users watched each movie.
    var watchersPerMovie: [MovieID: Int] {
        var counts: [MovieID: Int] = [:]
        for pair in watched.keys { counts[pair.movie, default: 0] += 1 }
        return counts
    }
}

/// A (user, movie) pair.
struct WatchedPair: Hashable {
    var user: UserID
    var movie: MovieID
}
