import Foundation
import MarqueeCore

/// The distinct events of a batch as column arrays, in batch order, ready to be sent as `unnest` arrays.
struct EventRows {
    /// An event's identity, as the `events_identity` index sees it.
    struct Key: Hashable {
        var time: Int64
        var user: Int64
        var kind: Int64
        var movie: Int64
        var value: Int64
        var payload: String
    }

    /// The distinct events, first occurrence first; the arrays below hold their columns at the same index.
    private(set) var events: [Event] = []
    private(set) var times: [Int64] = []
    private(set) var users: [Int64] = []
    private(set) var kinds: [Int64] = []
    private(set) var movies: [Int64] = []
    private(set) var values: [Int64] = []
    private(set) var payloads: [String] = []

    /// The rows of `batch`'s distinct events; `key` gives each movie slug's key.
    init(events batch: [Event], key: (String) -> Int64) {
        var seen = Set<Key>()
        var payloads = RecommendationPayload()
        for event in batch {
            var row = Key(time: event.time.microseconds, user: event.user.rawValue, kind: 0, movie: 0, value: 0, payload: "")
            switch event.kind {
            case .watch(let movie, let minute):
                (row.kind, row.movie, row.value) = (StoredKind.watch, key(movie.slug), Int64(minute))
            case .rate(let movie, let rating):
                (row.kind, row.movie, row.value) = (StoredKind.rate, key(movie.slug), Int64(rating))
            case .recommendation:
                (row.kind, row.payload) = (StoredKind.recommendation, PostgresText.clean(payloads.payload(of: event)))
            case .accountCreated:
                row.kind = StoredKind.account
            }
            guard seen.insert(row).inserted else { continue }
            events.append(event)
            times.append(row.time)
            users.append(row.user)
            kinds.append(row.kind)
            movies.append(row.movie)
            values.append(row.value)
            self.payloads.append(row.payload)
        }
    }
}

/// What newly stored events add to the derived tables and counters.
struct DerivedRows {
    var interactions: [InteractionKey: InteractionDelta] = [:]
    var recommendations = RecommendationRows()
    var counts = KindCounts()

    /// Adds a newly stored event; `movie` is its movie key (0 when it has none).
    mutating func add(_ event: Event, movie: Int64) {
        let time = event.time.microseconds
        switch event.kind {
        case .watch:
            counts.watch += 1
            interactions[InteractionKey(user: event.user.rawValue, movie: movie), default: InteractionDelta()].addWatch(at: time)
        case .rate(_, let rating):
            counts.rate += 1
            interactions[InteractionKey(user: event.user.rawValue, movie: movie), default: InteractionDelta()].addRating(rating, at: time)
        case .recommendation(let request):
            counts.recommendation += 1
            recommendations.add(request, at: time, user: event.user.rawValue)
        case .accountCreated:
            counts.account += 1
        }
    }
}

/// Recommendation requests as column arrays; `failed` tells which have an error text (arrays cannot hold NULL here).
struct RecommendationRows {
    private(set) var times: [Int64] = []
    private(set) var users: [Int64] = []
    private(set) var servers: [String] = []
    private(set) var statuses: [Int64] = []
    private(set) var items: [String] = []
    private(set) var errors: [String] = []
    private(set) var failed: [Bool] = []
    private(set) var latencies: [Int64] = []

    mutating func add(_ request: RecommendationRequest, at time: Int64, user: Int64) {
        let (items, error) = RecommendationColumns.columns(of: request.result)
        times.append(time)
        users.append(user)
        servers.append(PostgresText.clean(request.server))
        statuses.append(Int64(request.status))
        self.items.append(items)
        errors.append(PostgresText.clean(error ?? ""))
        failed.append(error != nil)
        latencies.append(Int64(request.responseTimeMilliseconds))
    }
}

/// Text as PostgreSQL can keep it.
enum PostgresText {
    /// `text` with NUL characters, which PostgreSQL's text cannot hold, replaced by U+FFFD.
    static func clean(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }
}
