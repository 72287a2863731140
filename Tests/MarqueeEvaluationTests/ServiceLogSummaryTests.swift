import MarqueeCore
import MarqueeEvaluation
import Testing

struct ServiceLogSummaryTests {
    private let codec = LogLineCodec()

    private func summary(of lines: [String]) throws -> ServiceLogSummary {
        var summary = ServiceLogSummary()
        for line in lines { summary.record(try codec.parse(line)) }
        return summary
    }

    @Test func countsRecommendationFollowedByWatchWithinWindow() throws {
        // Given two answered requests, one followed by a watch of a recommended movie the next morning
        let summary = try summary(of: [
            "2025-01-01T10:00:00,1,recommendation request h:8082, status 200, result: a+2000, b+2000, 12 ms",
            "2025-01-01T10:05:00,2,recommendation request h:8082, status 200, result: a+2000, 30 ms",
            "2025-01-02T09:00:00,1,GET /data/m/b+2000/0.mpg",
            "2025-01-02T09:01:00,1,GET /data/m/b+2000/1.mpg",
            "2025-01-01T10:06:00,2,GET /data/m/c+2000/0.mpg",
        ])
        // Then one of two is followed, and the second watch minute does not count twice
        #expect(summary.successes == 2)
        #expect(summary.followed == 1)
        #expect(summary.followThroughRate == 0.5)
    }

    @Test func watchAfterTheWindowDoesNotCount() throws {
        let summary = try summary(of: [
            "2025-01-01T10:00:00,1,recommendation request h:8082, status 200, result: a+2000, 12 ms",
            "2025-01-02T10:00:01,1,GET /data/m/a+2000/0.mpg",
        ])
        #expect(summary.followed == 0)
    }

    @Test func availabilityAndLatencyComeFromRequestLines() throws {
        let summary = try summary(of: [
            "2025-01-01T10:00:00,1,recommendation request h:8082, status 200, result: a+2000, 10 ms",
            "2025-01-01T10:00:01,2,recommendation request h:8082, status 200, result: a+2000, 20 ms",
            "2025-01-01T10:00:02,3,recommendation request h:8082, status 200, result: a+2000, 30 ms",
            "2025-01-01T10:00:03,4,recommendation request h:8082, status 0, result: refused, 800 ms",
        ])
        #expect(summary.availability == 0.75)
        #expect(summary.latencyQuantile(0.5) == 20)
        #expect(summary.latencyQuantile(0.99) == 800)
        #expect(summary.followThroughRate == 0)
    }

    @Test func availability_whenTwoThirdsOfRequestsFailedInRealLogSpellings() throws {
        // Given the log: one answered request, one timeout, one refused connection written without a space before ms
        let summary = try summary(of: [
            "2025-01-01T10:00:00,1,recommendation request h:8082, status 200, result: a+2000, 10 ms",
            "2025-01-01T10:00:01,2,recommendation request h:8082, status 0, "
                + "result: java.util.concurrent.TimeoutException: Request timeout to h:8082 after 800 ms, 800 ms",
            "2025-01-01T10:00:02,3,recommendation request h:8082, status 0, result: java.net.ConnectException: Connection refused, 1ms",
        ])
        // Then every line counts and availability is one third, not one half
        #expect(summary.requests == 3)
        #expect(summary.availability == 1.0 / 3.0)
    }

    @Test func availability_countsOtherHTTPStatusesAsFailures() throws {
        let summary = try summary(of: [
            "2025-01-01T10:00:00,1,recommendation request h:8082, status 200, result: a+2000, 10 ms",
            "2025-01-01T10:00:01,2,recommendation request h:8082, status 500, result: Internal Server Error, 12 ms",
            "2025-01-01T10:00:02,3,recommendation request h:8082, status 503, result: Service Unavailable, 3ms",
            "2025-01-01T10:00:03,4,recommendation request h:8082, status 200, result: a+2000, 10 ms",
        ])
        #expect(summary.requests == 4)
        #expect(summary.successes == 2)
        #expect(summary.availability == 0.5)
    }

    @Test func emptyLogHasNoRates() {
        let summary = ServiceLogSummary()
        #expect(summary.availability == nil)
        #expect(summary.followThroughRate == nil)
        #expect(summary.latencyQuantile(0.5) == nil)
    }
}
