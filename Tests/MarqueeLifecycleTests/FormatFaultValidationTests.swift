import Foundation
import MarqueeCore
import MarqueeIngest
import MarqueeLifecycle
import MarqueeQuality
import MarqueeSimulator
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The pipeline's data validation against the simulator's `format-fault` scenario, through the real ingest path:
/// the faulty days are refused, the undisturbed ones are trained on.
@Suite(.dedicatedThreads)
struct FormatFaultValidationTests {
    private static let code = CodeVersion(commit: "0123456789abcdef0123456789abcdef01234567", dirty: false)

    /// Ingests days 0–2 and runs the pipeline, then ingests days 3–4 and runs it again; returns both outcomes.
    private static func twoRuns(scenarios: [Scenario]) async throws -> (first: PipelineOutcome, second: PipelineOutcome, report: ValidationReport) {
        var configuration = SimulatorFixtures.configuration(seed: 5, users: 400, movies: 150, days: 5, faultRate: 0.005)
        configuration.scenarios = scenarios
        let catalogue = try Simulator(configuration: configuration).catalogue
        let (lines, _) = try await SimulatorFixtures.log(configuration)
        let cut = configuration.start.adding(seconds: 3 * 86_400).description
        let split = lines.firstIndex { String(decoding: $0.prefix(19), as: UTF8.self) >= cut } ?? lines.count

        let directory = try FixtureDirectory()
        let log = directory.path("log.txt")
        let models = directory.path("models")
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let store = try SQLiteEventStore.inMemory()
        try await store.upsert(movies: catalogue.movies.movies)
        try await store.upsert(users: (0..<Int64(configuration.users)).compactMap { UserID($0).flatMap(catalogue.users.user) })
        let pipeline = TrainingPipeline(
            store: store,
            configuration: PipelineConfiguration(candidates: [CandidateSpec(kind: "popularity")], modelsDirectory: models, codeVersion: code))
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(batchSize: 2_000))

        try Data(lines[..<split].flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: log))
        _ = try await ingestor.ingest(file: log)
        let first = try await pipeline.run(now: WallTime(microseconds: 1))
        try Data(lines.flatMap { $0 + [0x0A] }).write(to: URL(fileURLWithPath: log))
        _ = try await ingestor.ingest(file: log)
        let report = try await DataValidator(store: store).validateNewData()
        let second = try await pipeline.run(now: WallTime(microseconds: 2))
        return (first, second, report)
    }

    @Test func aFormatFaultIsRefusedByValidationAndTheCleanDaysBeforeItAreTrainedOn() async throws {
        let (first, second, report) = try await Self.twoRuns(scenarios: [.formatFault(day: 3, rate: 0.1)])
        #expect(first.failure == nil, "\(first.steps)")
        #expect(!report.passed)
        #expect(report.results.first { $0.expectation.metric == .quarantinedShare }?.status == .failed)
        let failure = try #require(second.failure)
        #expect(failure.hasPrefix("validation: the data failed blocking expectations"), "\(failure)")
        #expect(second.registered.isEmpty)
    }

    @Test func theUndisturbedServicePassesValidationBothTimes() async throws {
        let (first, second, report) = try await Self.twoRuns(scenarios: [])
        #expect(report.passed, "\(report.results.map { "\($0.expectation.metric) \($0.observedDescription)" })")
        #expect(first.failure == nil && !(second.failure ?? "").hasPrefix("validation"), "\(first.steps) \(second.steps)")
        #expect(second.steps.contains { $0.hasPrefix("validation:") && $0.contains("expectations passed") })
    }
}
