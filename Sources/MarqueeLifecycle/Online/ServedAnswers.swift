import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

/// Joins the service's log of recommendation requests (event time, as the service saw them) with the server's
/// telemetry (wall time, with model version and route).
///
/// The two clocks differ (the log's is the service's; in the simulator a simulated one), so answers are matched by
/// content: per user, in order, each logged status-200 answer takes the next telemetry record with exactly the same
/// movie list. Telemetry records the log lacks (answers that arrived too late for the service) are skipped.
public enum ServedAnswers {
    /// How much older than the earliest one of the first answer in a window telemetry records may be: replicas flush
    /// at different moments, and the service's clock and the replicas' differ a little.
    static let telemetryMargin: Duration = .seconds(300)

    /// The answers logged at or after `start` (all when `nil`), joined with the telemetry that can match them, read
    /// through the wall-time index: from the wall time of the earliest record of the first answer's user with the same
    /// movies, less ``telemetryMargin``, so that a window of answers does not read every record ever written. When no
    /// record matches that answer, all telemetry is read; without answers, none.
    /// - Throws: `StoreError` when the store fails.
    public static func load(from store: any EventStore & TelemetryStore, since start: EventTime?) async throws(StoreError) -> [ServedRecommendation] {
        let log = try await store.recommendationRequests(since: start)
        return join(log: log, telemetry: try await telemetry(answering: log, since: start, in: store))
    }

    /// The telemetry ``load(from:since:)`` joins with `log`, the answers logged since `start`.
    static func telemetry(answering log: [LoggedRecommendation], since start: EventTime?, in store: any TelemetryStore) async throws(StoreError)
        -> [TelemetryRecord]
    {
        guard start != nil else { return try await store.telemetry(of: nil) }
        let answered = log.lazy.compactMap { line -> (time: EventTime, user: UserID, movies: [MovieID])? in
            guard line.request.status == 200, case .movies(let movies) = line.request.result else { return nil }
            return (line.time, line.user, movies)
        }
        guard let first = answered.min(by: { $0.time < $1.time }) else { return [] }
        let earliest = try await store.telemetry(of: first.user).filter { $0.movies == first.movies }.map(\.wallTime).min()
        guard let earliest else { return try await store.telemetry(of: nil) }
        return try await store.telemetry(since: earliest - telemetryMargin)
    }

    /// The logged successful answers with their version and route (`unknown` when no telemetry record matches), in
    /// event-time order.
    public static func join(log: [LoggedRecommendation], telemetry: [TelemetryRecord]) -> [ServedRecommendation] {
        matched(log: log, telemetry: telemetry).map(\.answer)
    }

    /// ``join(log:telemetry:)``'s answers, each with the wall time of the telemetry record it matched (`nil`: none).
    public static func matched(log: [LoggedRecommendation], telemetry: [TelemetryRecord]) -> [(answer: ServedRecommendation, wallTime: WallTime?)] {
        var byUser: [UserID: [TelemetryRecord]] = [:]
        for record in telemetry.sorted(by: { $0.wallTime < $1.wallTime }) { byUser[record.user, default: []].append(record) }
        var next: [UserID: Int] = [:]
        var answers: [(answer: ServedRecommendation, wallTime: WallTime?)] = []
        for line in log.sorted(by: { $0.time < $1.time }) {
            guard line.request.status == 200, case .movies(let movies) = line.request.result else { continue }
            var version = "unknown"
            var route = "unknown"
            var wallTime: WallTime?
            let records = byUser[line.user] ?? []
            var index = next[line.user] ?? 0
            while index < records.count, records[index].movies != movies { index += 1 }
            if index < records.count {
                version = records[index].modelVersion
                route = records[index].route.text
                wallTime = records[index].wallTime
                next[line.user] = index + 1
            }
            answers.append((ServedRecommendation(user: line.user, time: line.time, movies: movies, modelVersion: version, route: route), wallTime))
        }
        return answers
    }
}
