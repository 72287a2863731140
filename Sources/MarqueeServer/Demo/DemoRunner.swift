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
///
/// Each serving day is its own simulator run continuing the same scenario (`firstDay`); after each day its log is
/// ingested and the popularity model retrained on everything stored, then swapped in while the server keeps running.
/// Simulated users remember what they finished only within a run, so one may rewatch a movie on a later day.
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
        let warmUpSimulator = try Simulator(configuration: simulatorConfiguration(days: configuration.warmUpDays, firstDay: 0))
        try warmUpSimulator.writeCatalogue(to: files.catalogue)
        var warmUpSink = try BufferedFileSink(path: files.warmUpLog)
        let warmUp = try await warmUpSimulator.run(writingTo: &warmUpSink)
        try warmUpSink.close()

        progress("ingesting the catalogue and the warm-up log into \(files.store)")
        _ = try await CatalogueLoader(store: store).load(directory: files.catalogue)
        let ingests = [try await ingestor.ingest(file: files.warmUpLog)]

        progress("training the popularity model")
        let model = try await ServingModel.popularity(trainedOn: store)
        let service = RecommendationService(model: model)

        let outcome = try await withServer(service, store: store) { port in
            var outcome = ServingOutcome()
            progress("serving on 127.0.0.1:\(port); simulating \(configuration.servingDays) days of users calling it, retraining nightly")
            for day in 0..<configuration.servingDays {
                let scenarioDay = configuration.warmUpDays + day
                let simulator = try Simulator(
                    configuration: simulatorConfiguration(days: 1, firstDay: scenarioDay, server: "127.0.0.1:\(port)"))
                let log = files.servingLog(day: scenarioDay)
                var sink = try BufferedFileSink(path: log)
                let summary = try await simulator.run(writingTo: &sink, provider: HTTPRecommendationProvider(server: "127.0.0.1:\(port)"))
                try sink.close()
                outcome.simulation.add(summary)
                outcome.ingests.append(try await ingestor.ingest(file: log))
                var dayOnline = ServiceLogSummary()
                try ServiceLogReader(path: log).read { event in
                    dayOnline.record(event)
                    outcome.online.record(event)
                }
                let servedVersion = service.model.version
                let retrained = try await ServingModel.popularity(trainedOn: store)
                service.deploy(retrained)
                outcome.days.append(DemoReport.Day(day: scenarioDay, modelVersion: servedVersion, online: dayOnline))
                progress("day \(scenarioDay): \(summary.lines) lines, \(dayOnline.requests) requests; deployed \(retrained.version)")
            }
            outcome.answered = service.answeredCount
            return outcome
        }

        return DemoReport(
            warmUp: warmUp, serving: outcome.simulation, ingests: ingests + outcome.ingests, statistics: try await store.statistics(),
            days: outcome.days, requestsAnswered: outcome.answered, online: outcome.online, elapsedSeconds: (clock.now - started).inSeconds)
    }

    private func simulatorConfiguration(days: Int, firstDay: Int, server: String = "marquee:8082") -> SimulatorConfiguration {
        SimulatorConfiguration(
            users: configuration.users, movies: configuration.movies, days: days, firstDay: firstDay, seed: configuration.seed,
            faultRate: configuration.faultRate, recommendationServer: server)
    }

    /// Runs the recommendation server on a free loopback port while `body` runs, then shuts it down gracefully,
    /// with the telemetry of every answer flushed to `store`.
    private func withServer<Result: Sendable>(
        _ service: RecommendationService, store: any TelemetryStore, _ body: @Sendable (Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let metrics = ServerMetrics()
        let telemetry = TelemetryBuffer()
        let flusher = TelemetryFlusher(buffer: telemetry, store: store, metrics: metrics, logger: logger)
        let app = buildApplication(
            service: service, configuration: .init(host: "127.0.0.1", port: 0), metrics: metrics, telemetry: telemetry, logger: logger
        ) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        // The flusher is listed first so that it stops last and stores every answer's telemetry.
        let group = ServiceGroup(services: [flusher, app], gracefulShutdownSignals: [], logger: logger)
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

/// What the serving days produced, accumulated inside the server's lifetime.
private struct ServingOutcome: Sendable {
    var simulation = SimulationSummary()
    var ingests: [IngestSummary] = []
    var online = ServiceLogSummary()
    var days: [DemoReport.Day] = []
    var answered = 0
}

