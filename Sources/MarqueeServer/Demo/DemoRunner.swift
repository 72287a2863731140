import Foundation
import Hummingbird
import Logging
import MarqueeCore
import MarqueeEvaluation
import MarqueeIngest
import MarqueeSimulator
import MarqueeStore
import ServiceLifecycle

/// The walking skeleton, end to end: simulate → ingest → train → serve → simulated users call the server → measure.
public struct DemoRunner: Sendable {
    /// The demo's settings.
    public let configuration: DemoConfiguration
    private let logger: Logger

    /// Creates a runner.
    public init(configuration: DemoConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the demo, reporting each step through `progress`.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> DemoReport {
        let clock = ContinuousClock()
        let started = clock.now
        let files = try DemoFiles(directory: configuration.directory)
        let store = try SQLiteEventStore(path: files.store)
        let ingestor = EventIngestor(store: store, clock: clock)

        progress("simulating \(configuration.warmUpDays) warm-up days of \(configuration.users) users and \(configuration.movies) movies")
        let warmUpSimulator = try Simulator(configuration: simulatorConfiguration(days: configuration.warmUpDays, startDay: 0))
        try warmUpSimulator.writeCatalogue(to: files.catalogue)
        var warmUpSink = try BufferedFileSink(path: files.warmUpLog)
        let warmUp = try await warmUpSimulator.run(writingTo: &warmUpSink)
        try warmUpSink.close()

        progress("ingesting the catalogue and the warm-up log into \(files.store)")
        _ = try await CatalogueLoader(store: store).load(directory: files.catalogue)
        var ingests = [try await ingestor.ingest(file: files.warmUpLog)]

        progress("training the popularity model")
        let model = try await ServingModel.popularity(trainedOn: store)
        let service = RecommendationService(model: model)

        let (serving, servedBy) = try await withServer(service) { port in
            progress("serving on 127.0.0.1:\(port); simulating \(configuration.servingDays) days of users calling it")
            let simulator = try Simulator(
                configuration: simulatorConfiguration(
                    days: configuration.servingDays, startDay: configuration.warmUpDays, server: "127.0.0.1:\(port)"))
            var sink = try BufferedFileSink(path: files.servingLog)
            let summary = try await simulator.run(
                writingTo: &sink, provider: HTTPRecommendationProvider(server: "127.0.0.1:\(port)"))
            try sink.close()
            return (summary, service.answeredCount)
        }

        progress("ingesting the serving log")
        ingests.append(try await ingestor.ingest(file: files.servingLog))
        let online = try ServiceLogReader(path: files.servingLog).summary()
        return DemoReport(
            warmUp: warmUp, serving: serving, ingests: ingests, statistics: try await store.statistics(), modelVersion: model.version,
            requestsAnswered: servedBy, online: online, elapsedSeconds: (clock.now - started).seconds)
    }

    private func simulatorConfiguration(days: Int, startDay: Int, server: String = "marquee:8082") -> SimulatorConfiguration {
        let base = SimulatorConfiguration()
        return SimulatorConfiguration(
            users: configuration.users, movies: configuration.movies, days: days, seed: configuration.seed,
            start: base.start.adding(seconds: Double(startDay) * 86_400), faultRate: configuration.faultRate, recommendationServer: server)
    }

    /// Runs the recommendation server on a free loopback port while `body` runs, then shuts it down gracefully.
    private func withServer<Result: Sendable>(
        _ service: RecommendationService, _ body: @Sendable (Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(service: service, configuration: .init(host: "127.0.0.1", port: 0), logger: logger) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            guard let port = await ports.first(where: { _ in true }) else {
                throw MarqueeError(.io, "the demo's recommendation server did not start on a loopback port")
            }
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
