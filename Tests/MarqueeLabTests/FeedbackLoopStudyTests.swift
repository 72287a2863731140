import Foundation
import Logging
import MarqueeCore
import MarqueeLab
import MarqueeServer
import MarqueeTestSupport
import Testing

/// The feedback-loop study on a small simulated service whose answer is known: under pure exploitation each weekly
/// version concentrates recommendations more, and exploration weakens that.
@Suite(.dedicatedThreads)
struct FeedbackLoopStudyTests {
    private static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    @Test(.timeLimit(.minutes(10))) func exploitationFeedsALoopThatExplorationWeakens() async throws {
        let directory = try FixtureDirectory()
        let configuration = FeedbackLoopStudyConfiguration(
            users: 400, movies: 150, warmUpDays: 2, weeks: 4, modelParameters: ["factors": "16", "iterations": "8"], explorationShares: [0, 0.3],
            directory: directory.path)
        let report = try await FeedbackLoopStudy(configuration: configuration, logger: Self.logger).run()

        let exploit = try #require(report.arms.first)
        let explore = try #require(report.arms.last)
        for arm in report.arms {
            #expect(arm.weeks.map(\.version) == ["week-0", "week-1", "week-2", "week-3"])
            #expect(arm.weeks.allSatisfy { $0.answers > 100 && ($0.followThrough ?? 0) > 0 })
        }
        // The loop: versions trained on their predecessors' log concentrate the slots on fewer movies, week after week
        let slope = try #require(exploit.loopSlopePerWeek)
        #expect(slope > 0, "\(exploit.weeks.map(\.recommendationGini))")
        // The mitigation: exploration spreads the slots every week, and the concentration grows more slowly
        #expect(zip(explore.weeks, exploit.weeks).allSatisfy { $0.recommendationGini < $1.recommendationGini })
        #expect(try #require(explore.loopSlopePerWeek) < slope, "\(explore.weeks.map(\.recommendationGini))")

        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder.marquee().encode(report)) as? [String: Any])
        let arms = try #require(json["arms"] as? [[String: Any]])
        #expect(arms.count == 2 && arms[0]["loop_slope_per_week"] is Double && arms[1]["exploration_share"] as? Double == 0.3)
        let html = report.html()
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(html.contains("exploration 30 %"))
    }

    @Test func badSharesAreRefusedBeforeAnythingRuns() async throws {
        let directory = try FixtureDirectory()
        for shares in [[], [1.5], [0.2, 0.2]] {
            let configuration = FeedbackLoopStudyConfiguration(explorationShares: shares, directory: directory.path)
            await #expect(throws: (any Error).self) { try await FeedbackLoopStudy(configuration: configuration, logger: Self.logger).run() }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }
}
