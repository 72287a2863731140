import MarqueeCore
import MarqueeEvaluation
import MarqueeStore
import MarqueeTestSupport
import Testing

@testable import MarqueeLifecycle

/// A window of answers (the quality monitor's online metric and fairness, the audit of recent days) reads the telemetry
/// that can match them, found through the wall-time index, not every record ever written.
struct WindowTelemetryTests {
    private typealias F = LogFixture

    @Test func aWindowOfAnswersReadsTheSameTelemetryHoweverLongTheHistoryBeforeIt() async throws {
        var reads: [Reads] = []
        for days in [6, 12] {
            // Given `days` days of answers and their telemetry
            let store = try SQLiteEventStore.inMemory()
            try await OnlineRollupTests.fill(store, days: 0..<days)
            let start = F.time((days - 2) * 86_400 + 3_000)
            // When the answers of the last two days are joined with telemetry
            let counting = ReadCountingStore(base: store)
            let answers = try await ServedAnswers.load(from: counting, since: start)
            // Then each carries the version and route that the whole telemetry gives it
            let everything = ServedAnswers.join(
                log: try await store.recommendationRequests(since: start), telemetry: try await store.telemetry(of: nil))
            #expect(answers == everything)
            #expect(!answers.contains { $0.route == "unknown" })
            // And the online metric and fairness of that window read no more telemetry
            _ = try await OnlineReportLoader(store: counting, readsRollup: false).report(since: start)
            _ = try await Auditor(store: counting).fairness(since: start)
            reads.append(counting.reads)
        }
        // And doubling the history before the window leaves what is read of the window unchanged; the one user's records
        // read to find where the window's telemetry starts are that user's own history (one a day, three reads)
        #expect(reads.map { [$0.answers, $0.telemetry, $0.events] } == [reads[0], reads[0]].map { [$0.answers, $0.telemetry, $0.events] })
        #expect(reads[0].telemetry < 3 * 3 * 24)
        #expect(reads.map(\.userTelemetry) == [3 * 6, 3 * 12])
    }

    @Test func aWindowWithoutAnswersReadsNoTelemetry() async throws {
        let store = try SQLiteEventStore.inMemory()
        try await OnlineRollupTests.fill(store, days: 0..<3)
        let counting = ReadCountingStore(base: store)
        #expect(try await ServedAnswers.load(from: counting, since: F.time(30 * 86_400)).isEmpty)
        #expect(counting.reads.telemetry == 0)
    }
}
