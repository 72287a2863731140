import Foundation
import Logging
import MarqueeCore
import MarqueeEvaluation
import MarqueeIngest
import MarqueeLifecycle
import MarqueeModels
import MarqueeSimulator
import MarqueeStore

/// Runs the simulated service for many weeks with weekly retraining, once per exploration share, to show a feedback
/// loop forming under pure exploitation and how much exploration weakens it.
///
/// Every arm starts from the same warm-up log (the same seed), then loops: train on everything the arm's store holds,
/// serve a week of simulated users from that model (in-process, the exploration share of every list drawn from the
/// catalogue), ingest the week's log. What the arm's users watched next is what its next model learns from, so arms
/// drift apart only through what their models showed. Each week's model is its own version, `week-N`.
public struct FeedbackLoopStudy: Sendable {
    /// The study's settings.
    public let configuration: FeedbackLoopStudyConfiguration
    private let logger: Logger

    /// Creates a study.
    public init(configuration: FeedbackLoopStudyConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs every arm concurrently, reporting each week through `progress`; arms are reported by ascending share.
    /// - Throws: `MarqueeError` for a bad setting; store, ingest and model errors as they happen.
    public func run(progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> FeedbackLoopStudyReport {
        try validate()
        let clock = ContinuousClock()
        let started = clock.now
        // Arms share nothing but the seed: they run side by side, each on its own store.
        let arms = try await withThrowingTaskGroup(of: FeedbackLoopStudyReport.Arm.self) { group in
            for share in configuration.explorationShares {
                group.addTask { try await runArm(explorationShare: share, progress: progress) }
            }
            var arms: [FeedbackLoopStudyReport.Arm] = []
            for try await arm in group { arms.append(arm) }
            return arms.sorted { $0.explorationShare < $1.explorationShare }
        }
        return FeedbackLoopStudyReport(
            users: configuration.users, movies: configuration.movies, warmUpDays: configuration.warmUpDays, weeks: configuration.weeks,
            model: configuration.modelKind, seed: configuration.seed, arms: arms, elapsedSeconds: (clock.now - started).inSeconds)
    }

    private func validate() throws(MarqueeError) {
        guard configuration.weeks >= 2, configuration.warmUpDays >= 1 else {
            throw MarqueeError(.invalidArgument, "a feedback-loop study needs at least 2 weeks and 1 warm-up day, to compare versions")
        }
        guard !configuration.explorationShares.isEmpty, configuration.explorationShares.allSatisfy({ (0...1).contains($0) }) else {
            throw MarqueeError(.invalidArgument, "exploration shares must be between 0 and 1, e.g. 0,0.2")
        }
        guard Set(configuration.explorationShares).count == configuration.explorationShares.count else {
            throw MarqueeError(.invalidArgument, "each exploration share may be studied once")
        }
    }

    // MARK: One arm

    private func runArm(explorationShare share: Double, progress: @Sendable (String) -> Void) async throws -> FeedbackLoopStudyReport.Arm {
        let directory = try Self.armDirectory(configuration.directory, share: share)
        let store = try await StoreLocation((directory as NSString).appendingPathComponent("marquee.sqlite")).open(logger: logger)
        do {
            let arm = try await serveWeeks(store: store, directory: directory, explorationShare: share, progress: progress)
            try await store.close()
            return arm
        } catch {
            try? await store.close()
            throw error
        }
    }

    private func serveWeeks(
        store: any DataStore, directory: String, explorationShare share: Double, progress: @Sendable (String) -> Void
    ) async throws -> FeedbackLoopStudyReport.Arm {
        let ingestor = EventIngestor(store: store, clock: ContinuousClock())

        let warmUp = try Simulator(configuration: simulatorConfiguration(days: configuration.warmUpDays, firstDay: 0))
        try warmUp.writeCatalogue(to: directory)
        _ = try await CatalogueLoader(store: store).load(directory: directory)
        _ = try await ingestor.ingest(file: try Self.simulate(warmUp, into: directory, name: "warm-up.log", provider: NoRecommendations()))
        let catalogue = try await store.movies().map(\.id)
        let trainer = try ModelKinds.trainer(kind: configuration.modelKind, parameters: configuration.modelParameters)

        for week in 0..<configuration.weeks {
            let data = try await TrainingDataLoader(store: store).load()
            let model = ExplorationRecommender(
                base: try trainer.train(on: data), catalogue: catalogue, share: share, seed: configuration.seed &+ UInt64(week))
            let watched = data.watchedMovies()
            let provider = InProcessRecommendationProvider(latencyMilliseconds: 5) { user in
                model.recommend(for: user, count: 20, excluding: watched[user] ?? []).map(\.movie)
            }
            let firstDay = configuration.warmUpDays + 7 * week
            let simulator = try Simulator(configuration: simulatorConfiguration(days: 7, firstDay: firstDay))
            let ingest = try await ingestor.ingest(file: try Self.simulate(simulator, into: directory, name: "week-\(week).log", provider: provider))
            progress(
                "exploration \(share): week \(week) served by a model trained on \(data.interactions.count) interactions; \(ingest.eventsStored) events logged"
            )
        }
        return try await measure(store: store, explorationShare: share)
    }

    private func measure(store: any DataStore, explorationShare share: Double) async throws -> FeedbackLoopStudyReport.Arm {
        let servingStart = dayStart(configuration.warmUpDays)
        let answers = try await store.recommendationRequests(since: servingStart).compactMap { logged -> ServedRecommendation? in
            guard case .movies(let movies) = logged.request.result else { return nil }
            return ServedRecommendation(
                user: logged.user, time: logged.time, movies: movies, modelVersion: version(at: logged.time), route: Route.production.text)
        }
        let events = try await store.activity(since: servingStart)
        let movies = try await store.movies()
        let loops = FeedbackLoops.measure(answers: answers, events: events, catalogue: movies.map(\.id), genres: movies.genreNamesByID)
        let online = try OnlineEvaluator.evaluate(answers: answers, events: events, runtimes: movies.runtimesByID)
        return FeedbackLoopStudyReport.Arm(
            explorationShare: share, loops: loops, online: online, weekStart: { dayStart(configuration.warmUpDays + 7 * $0) })
    }

    // MARK: Helpers

    /// The version serving at `time`: the model of the week it falls in.
    private func version(at time: EventTime) -> String {
        let seconds = Double(time.microseconds - dayStart(configuration.warmUpDays).microseconds) / 1_000_000
        return "week-" + String(min(configuration.weeks - 1, max(0, Int(seconds / (7 * 86_400)))))
    }

    private func simulatorConfiguration(days: Int, firstDay: Int) -> SimulatorConfiguration {
        SimulatorConfiguration(
            users: configuration.users, movies: configuration.movies, days: days, firstDay: firstDay, seed: configuration.seed, faultRate: 0)
    }

    private func dayStart(_ day: Int) -> EventTime {
        simulatorConfiguration(days: 1, firstDay: 0).start.adding(seconds: Double(day) * 86_400)
    }

    private static func simulate(_ simulator: Simulator, into directory: String, name: String, provider: some RecommendationProvider) async throws
        -> String
    {
        let path = (directory as NSString).appendingPathComponent(name)
        var sink = try BufferedFileSink(path: path)
        _ = try await simulator.run(writingTo: &sink, provider: provider)
        try sink.close()
        return path
    }

    /// The arm's directory, emptied: `study/exploration-0.2`.
    private static func armDirectory(_ study: String, share: Double) throws(MarqueeError) -> String {
        let path = (study as NSString).appendingPathComponent("exploration-\(share)")
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw MarqueeError(.io, "cannot prepare \(path) for the study: \(error.localizedDescription); check the directory's permissions")
        }
        return path
    }
}
