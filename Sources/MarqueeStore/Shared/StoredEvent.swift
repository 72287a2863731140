import MarqueeCore

/// Event kinds as both stores keep them in `events.kind`.
enum StoredKind {
    static let watch: Int64 = 1
    static let rate: Int64 = 2
    static let recommendation: Int64 = 3
    static let account: Int64 = 4
}

/// Names of the rows of both stores' `counters` table.
enum StoreCounter {
    static let duplicates = "duplicates"
    static let watch = "events.watch"
    static let rate = "events.rate"
    static let recommendation = "events.recommendation"
    static let account = "events.account"
    static let batches = "batches"
    /// The latest event time stored so far, in microseconds: later batches count events well before it as late.
    static let latestTime = "latest_time"

    /// Every counter, so a store can create them all up front.
    static let all = [duplicates, watch, rate, recommendation, account, batches]
}

/// How both stores keep a recommendation request's result and a telemetry record's movies: movie slugs joined by
/// commas, and the error text of a failed call in a column of its own.
enum RecommendationColumns {
    /// The `items` and `error` columns of `result`.
    static func columns(of result: RecommendationResult) -> (items: String, error: String?) {
        switch result {
        case .movies(let list): (slugs(list), nil)
        case .error(let text): ("", text)
        }
    }

    /// The result kept in `items` and `error`.
    static func result(items: String, error: String?) -> RecommendationResult {
        error.map(RecommendationResult.error) ?? .movies(movies(items))
    }

    /// Movie slugs joined by commas.
    static func slugs(_ movies: [MovieID]) -> String {
        movies.map(\.slug).joined(separator: ",")
    }

    /// The movies of a comma-joined list of slugs.
    static func movies(_ items: String) -> [MovieID] {
        items.split(separator: ",").compactMap { MovieID($0) }
    }
}

/// The payload that tells two recommendation requests of one user at one time apart: the request part of its log line.
struct RecommendationPayload {
    private let codec = LogLineCodec()
    private var lineBytes: [UInt8] = []

    /// The request part of `event`'s log line (everything after the second comma).
    mutating func payload(of event: Event) -> String {
        lineBytes.removeAll(keepingCapacity: true)
        codec.append(Event(time: EventTime(microseconds: 0), user: event.user, kind: event.kind), to: &lineBytes)
        var commas = 0
        for (index, byte) in lineBytes.enumerated() where byte == UInt8(ascii: ",") {
            commas += 1
            if commas == 2 { return String(decoding: lineBytes[(index + 1)...], as: UTF8.self) }
        }
        return String(decoding: lineBytes, as: UTF8.self)
    }
}
