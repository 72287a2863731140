import MarqueeCore

/// How recommendations did with users, measured from the event log alone, as the streaming service saw them.
///
/// Feed events in log order with ``record(_:)``. A successful recommendation request counts as *followed*
/// when the same user watches one of the recommended movies within ``followWindowSeconds`` afterwards.
public struct ServiceLogSummary: Sendable {
    /// How long after a recommendation a watch still counts as following it (event time).
    public let followWindowSeconds: Double

    /// Recommendation request lines seen.
    public private(set) var requests = 0
    /// Requests answered with status 200; every other status (0, 500, 503, ...) is a failure.
    public private(set) var successes = 0
    /// Successful requests followed by a watch of a recommended movie within the window.
    public private(set) var followed = 0
    /// Requests per logged response time (milliseconds).
    private var latencies: [Int: Int] = [:]
    private var pending: [UserID: [PendingRecommendation]] = [:]

    private struct PendingRecommendation {
        var time: EventTime
        var movies: Set<MovieID>
        var followed: Bool
    }

    /// Creates an empty summary.
    public init(followWindowSeconds: Double = 24 * 3600) {
        self.followWindowSeconds = followWindowSeconds
    }

    /// Accounts for one event.
    public mutating func record(_ event: Event) {
        switch event.kind {
        case .recommendation(let request):
            recordRequests(1, succeeded: request.succeeded, responseTimeMilliseconds: request.responseTimeMilliseconds)
            guard request.succeeded else { return }
            var list = pending[event.user, default: []]
            list.removeAll { event.time.microseconds - $0.time.microseconds > Int64(followWindowSeconds * 1_000_000) }
            list.append(PendingRecommendation(time: event.time, movies: Set(request.movies), followed: false))
            pending[event.user] = list
        case .watch(let movie, _):
            guard var list = pending[event.user] else { return }
            let windowMicroseconds = Int64(followWindowSeconds * 1_000_000)
            for index in list.indices where !list[index].followed && list[index].movies.contains(movie) {
                let delay = event.time.microseconds - list[index].time.microseconds
                if delay >= 0, delay <= windowMicroseconds {
                    list[index].followed = true
                    followed += 1
                }
            }
            pending[event.user] = list
        case .rate, .accountCreated:
            return
        }
    }

    /// Accounts for `count` requests with one outcome and response time, e.g. a row of a store's aggregate of the log,
    /// for availability and latency only (follow-through needs the requests themselves, through ``record(_:)``).
    public mutating func recordRequests(_ count: Int, succeeded: Bool, responseTimeMilliseconds: Int) {
        requests += count
        if succeeded { successes += count }
        latencies[responseTimeMilliseconds, default: 0] += count
    }

    /// Share of request lines with status 200, or `nil` before any request: a line with any other status is a failed request.
    public var availability: Double? {
        requests == 0 ? nil : Double(successes) / Double(requests)
    }

    /// Share of successful requests followed by a watch of a recommended movie, or `nil` before any success.
    public var followThroughRate: Double? {
        successes == 0 ? nil : Double(followed) / Double(successes)
    }

    /// The `p`-quantile (0...1) of response times in milliseconds (nearest rank), or `nil` before any request.
    public func latencyQuantile(_ p: Double) -> Int? {
        guard requests > 0 else { return nil }
        let rank = min(max(Int((p * Double(requests)).rounded(.up)) - 1, 0), requests - 1)
        var below = 0
        for latency in latencies.keys.sorted() {
            below += latencies[latency] ?? 0
            if below > rank { return latency }
        }
        return nil
    }
}
