import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeStore
import Testing

struct ServedAnswersTests {
    private func logged(_ user: Int64, _ slugs: [String], at seconds: Double, status: Int = 200) -> LoggedRecommendation {
        let time = EventTime(microseconds: 1_735_689_600_000_000).adding(seconds: seconds)
        let result: RecommendationResult = status == 200 ? .movies(slugs.compactMap { MovieID($0) }) : .error("timeout")
        return LoggedRecommendation(
            time: time, user: UserID(user)!, request: RecommendationRequest(server: "s", status: status, result: result, responseTimeMilliseconds: 5))
    }

    private func telemetry(_ user: Int64, _ slugs: [String], at wall: Int64, version: String, route: Route) -> TelemetryRecord {
        TelemetryRecord(
            wallTime: WallTime(microseconds: wall), user: UserID(user)!,
            answer: ServedAnswer(movies: slugs.compactMap { MovieID($0) }, modelVersion: version, route: route, usedFallback: false),
            latencyMicroseconds: 1)
    }

    @Test func matchesLoggedAnswersToTelemetryByUserAndListInOrder() {
        let log = [
            logged(1, ["a+2000", "b+2000"], at: 10), logged(2, ["c+2000"], at: 20), logged(1, ["a+2000", "b+2000"], at: 30),
            logged(3, [], at: 40, status: 0), logged(4, ["d+2000"], at: 50),
        ]
        let records = [
            telemetry(1, ["a+2000", "b+2000"], at: 100, version: "v1", route: .production),
            telemetry(2, ["x+2000"], at: 150, version: "v9", route: .canary),  // never reached the log
            telemetry(2, ["c+2000"], at: 200, version: "v2", route: .canary),
            telemetry(1, ["a+2000", "b+2000"], at: 300, version: "v3", route: .experiment("t", arm: .treatment)),
        ]
        let answers = ServedAnswers.join(log: log, telemetry: records)
        #expect(answers.map(\.modelVersion) == ["v1", "v2", "v3", "unknown"])
        #expect(answers.map(\.route) == ["production", "canary", "ab:t:treatment", "unknown"])
        #expect(answers.map(\.user.rawValue) == [1, 2, 1, 4])
    }
}
