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
    /// The logged successful answers with their version and route (`unknown` when no telemetry record matches), in
    /// event-time order.
    public static func join(log: [LoggedRecommendation], telemetry: [TelemetryRecord]) -> [ServedRecommendation] {
        matched(log: log, telemetry: telemetry).map(\.answer)
    }

    /// ``join(log:telemetry:)``'s answers, each with the wall time of the telemetry record it matched (`nil`: none).
    public static func matched(log: [LoggedRecommendation], telemetry: [TelemetryRecord]) -> [(answer: ServedRecommendation, wallTime: Int64?)] {
        var byUser: [UserID: [TelemetryRecord]] = [:]
        for record in telemetry.sorted(by: { $0.wallTimeMicroseconds < $1.wallTimeMicroseconds }) { byUser[record.user, default: []].append(record) }
        var next: [UserID: Int] = [:]
        var answers: [(answer: ServedRecommendation, wallTime: Int64?)] = []
        for line in log.sorted(by: { $0.time < $1.time }) {
            guard line.request.status == 200, case .movies(let movies) = line.request.result else { continue }
            var version = "unknown"
            var route = "unknown"
            var wallTime: Int64?
            let records = byUser[line.user] ?? []
            var index = next[line.user] ?? 0
            while index < records.count, records[index].movies != movies { index += 1 }
            if index < records.count {
                version = records[index].modelVersion
                route = records[index].route
                wallTime = records[index].wallTimeMicroseconds
                next[line.user] = index + 1
            }
            answers.append((ServedRecommendation(user: line.user, time: line.time, movies: movies, modelVersion: version, route: route), wallTime))
        }
        return answers
    }
}
