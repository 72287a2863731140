import Foundation
import Logging
import MarqueeCore
import MarqueeEvaluation
import MarqueeIngest
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeSimulator
import MarqueeStore
import ServiceLifecycle

/// The whole loop, for weeks of simulated service: simulate → ingest → train → serve → users call the server →
/// measure online → retrain on a schedule → canary → promote or roll back → A/B test.
///
/// Each serving day is its own simulator run continuing the same scenario (`firstDay`). After each day its log is
/// ingested and the server's telemetry flushed; a running canary is judged; every ``DemoConfiguration/retrainEveryDays``
/// the pipeline retrains and its choice goes to canary. On ``DemoConfiguration/badCandidateDay`` an untrained model is
/// sent to canary on purpose, to show the rollback; on ``DemoConfiguration/experimentDay`` an A/B experiment pits the
/// personalised production version (or the latest personalised one) against popularity. Simulated users remember what they finished only within a run, so one may
/// rewatch a movie on a later day.
public struct DemoRunner: Sendable {
    /// The demo's settings.
    public let configuration: DemoConfiguration
    /// The code that runs the demo, recorded with every model version.
    public let codeVersion: CodeVersion
    private let logger: Logger

    /// Creates a runner.
    public init(configuration: DemoConfiguration, codeVersion: CodeVersion, logger: Logger) {
        self.configuration = configuration
        self.codeVersion = codeVersion
        self.logger = logger
    }

    /// Runs the demo, reporting each step through `progress`.
    public func run(progress: @Sendable (String) -> Void = { _ in }) async throws -> DemoReport {
        let clock = ContinuousClock()
        let started = clock.now
        let files = try DemoFiles(directory: configuration.directory, store: configuration.storePath)
        let store = try await Self.openEmptyStore(files.store, logger: logger)
        let variant = try await store.agreedServiceConfiguration(
            given: configuration.service, source: "the demo's configuration", now: .now)
        let ingestor = EventIngestor(store: store, configuration: IngestConfiguration(codec: .init(ratingScale: variant.ratingScale)), clock: clock)

        progress("simulating \(configuration.warmUpDays) warm-up days of \(configuration.users) users and \(configuration.movies) movies")
        let warmUpSimulator = try Simulator(configuration: simulatorConfiguration(days: configuration.warmUpDays, firstDay: 0))
        try warmUpSimulator.writeCatalogue(to: files.catalogue)
        var warmUpSink = try BufferedFileSink(path: files.warmUpLog)
        let warmUp = try await warmUpSimulator.run(writingTo: &warmUpSink)
        try warmUpSink.close()

        progress("ingesting the catalogue and the warm-up log into \(store.location)")
        _ = try await CatalogueLoader(store: store, selfDescriptionFields: variant.selfDescriptionFields).load(directory: files.catalogue)
        let ingests = [try await ingestor.ingest(file: files.warmUpLog)]

        let server = try await RecommendationServer(
            model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap-popularity"), deadline: variant.modelDeadline,
            store: store, logger: logger)
        let service = server.service
        // The controller's decisions are recorded in the store's registry and applied to the service through one applier.
        let applier = DeploymentApplier(recorded: .registry(store), service: service, logger: logger)
        let controller = LifecycleController(store: store, applier: applier, configuration: controllerConfiguration(files))
        let firstRun = try await controller.retrain(
            now: .now, eventTime: dayStart(configuration.warmUpDays), trigger: "bootstrap")
        progress("pipeline (bootstrap): " + firstRun.steps.joined(separator: "; "))

        let outcome = try await withServer(server, applier: applier) { port in
            var outcome = ServingOutcome()
            let newlyWatched = NewlyWatched()
            progress("serving on 127.0.0.1:\(port); simulating \(configuration.servingDays) days of users calling it")
            for day in 0..<configuration.servingDays {
                let scenarioDay = configuration.warmUpDays + day
                let servedVersion = service.model.version
                if day == configuration.servingDays - 1 { outcome.watchedBeforeLastDay = service.model.watched }
                let summary = try await simulateDay(scenarioDay, port: port, files: files, outcome: &outcome)
                outcome.ingests.append(try await ingestor.ingest(file: files.servingLog(day: scenarioDay), stored: newlyWatched.record))
                service.addWatched(newlyWatched.take())
                await server.flusher.flush()
                try await OnlineRollup(store: store).fold()
                let dayEnd = dayStart(scenarioDay + 1)
                var events: [String] = []
                events += try await judgeCanary(controller, at: dayEnd)
                events += try await manageExperiment(controller, servingDay: day, at: dayEnd, outcome: &outcome)
                events += try await retrainIfDue(controller, servingDay: day, at: dayEnd)
                outcome.days.append(
                    DemoReport.Day(
                        day: scenarioDay, start: dayStart(scenarioDay), modelVersion: servedVersion, online: outcome.lastDay, events: events))
                progress("day \(scenarioDay): \(summary.lines) lines, \(outcome.lastDay.requests) requests" + events.map { "; " + $0 }.joined())
            }
            outcome.answered = service.answeredCount
            return outcome
        }

        progress("measuring the online metric per version and the simulator's baselines")
        let online = try await OnlineReportLoader(store: store).report()
        let baselines = try await baselineFollowThrough(
            lastDay: configuration.warmUpDays + configuration.servingDays - 1, excluding: outcome.watchedBeforeLastDay)
        return DemoReport(
            warmUp: warmUp, serving: outcome.simulation, ingests: ingests + outcome.ingests, statistics: try await store.statistics(),
            days: outcome.days, requestsAnswered: outcome.answered, online: outcome.online, onlineMetric: online,
            baselines: baselines, versions: try await store.versions(), experiment: outcome.experiment,
            storePath: store.location, elapsedSeconds: (clock.now - started).inSeconds)
    }

    // MARK: Days

    private func simulateDay(_ day: Int, port: Int, files: DemoFiles, outcome: inout ServingOutcome) async throws -> SimulationSummary {
        let server = "127.0.0.1:\(port)"
        let simulator = try Simulator(configuration: simulatorConfiguration(days: 1, firstDay: day, server: server))
        var sink = try BufferedFileSink(path: files.servingLog(day: day))
        let provider = HTTPRecommendationProvider(server: server, timeout: .milliseconds(configuration.requestTimeoutMilliseconds))
        let summary = try await simulator.run(writingTo: &sink, provider: provider)
        try sink.close()
        outcome.simulation.add(summary)
        var dayOnline = ServiceLogSummary()
        var all = outcome.online
        try ServiceLogReader(path: files.servingLog(day: day)).read { event in
            dayOnline.record(event)
            all.record(event)
        }
        outcome.online = all
        outcome.lastDay = dayOnline
        return summary
    }

    private func judgeCanary(_ controller: LifecycleController, at time: EventTime) async throws -> [String] {
        guard let canary = await controller.canary, let decision = try await controller.judgeCanary(now: .now, eventTime: time)
        else {
            return []
        }
        switch decision {
        case .wait: return []
        case .promote(let evidence): return ["promoted \(canary.version): \(evidence)"]
        case .rollBack(let evidence): return ["rolled back \(canary.version): \(evidence)"]
        }
    }

    private func retrainIfDue(_ controller: LifecycleController, servingDay day: Int, at time: EventTime) async throws -> [String] {
        guard await controller.canary == nil else { return [] }
        if day == configuration.badCandidateDay {
            var configuration = await controller.configuration.pipeline
            configuration.candidates = [CandidateSpec(kind: "als", parameters: ["factors": "16", "iterations": "0"])]
            configuration.trigger = "demo: deliberately untrained"
            configuration.gateMargin = 1  // let it through the offline gate, so the canary must catch it
            let outcome = try await TrainingPipeline(store: controller.store, configuration: configuration).run(
                now: .now, eventTime: time)
            guard let chosen = outcome.chosen else { return ["the untrained candidate was not registered: \(outcome.failure ?? "")"] }
            try await controller.startCanary(version: chosen.version, now: .now, eventTime: time)
            return ["canary \(chosen.version): an untrained ALS model, sent on purpose"]
        }
        guard (day + 1) % configuration.retrainEveryDays == 0 else { return [] }
        let outcome = try await controller.retrain(now: .now, eventTime: time, trigger: "schedule")
        return [outcome.steps.last ?? "", outcome.failure.map { "retraining stopped: \($0)" }].compactMap { $0 }.filter { !$0.isEmpty }
    }

    private func manageExperiment(
        _ controller: LifecycleController, servingDay day: Int, at time: EventTime, outcome: inout ServingOutcome
    ) async throws -> [String] {
        if await controller.experiment != nil {
            guard let report = try await controller.experimentReport() else { return [] }
            let last = day == configuration.servingDays - 1
            guard report.analysis.status.isDecided || last else { return [] }
            let stopped = try await controller.stopExperiment(now: .now)
            let record = try await controller.store.experiments().last { $0.name == stopped?.name }
            outcome.experiment = report
            if let record { outcome.experiment = try await ExperimentReport.of(record, in: controller.store) }
            return ["experiment ended: \(report.analysis.status.state)"]
        }
        // From the experiment day on, once: the first day no canary runs, so that the experiment tests the version that
        // serves, not one a canary is about to replace.
        guard let first = configuration.experimentDay, day >= first, outcome.experiment == nil,
            try await controller.store.experiments().isEmpty
        else { return [] }
        if await controller.canary != nil { return day == first ? ["experiment waits until the running canary is judged"] : [] }
        // Enough to detect 4 points on the follow-through production has measured so far (the demo's canaries move it by
        // 3 to 8 points).
        let measured = min(max(outcome.online.followThroughRate ?? 0.5, 0.05), 0.9)
        let planned = try configuration.experimentPlannedPerArm ?? requiredSampleSize(baseline: measured, effect: 0.04)
        if let (tradeOff, weight) = configuration.tradeOff {
            guard let production = try await controller.store.productionVersion() else { return ["no production version to re-rank yet"] }
            let derived = production.trading(tradeOff, weight: weight, now: .now, eventTime: time)
            try await controller.store.register(version: derived)
            let name = "\(tradeOff.rawValue)-aware"
            try await controller.startExperiment(
                name: name, control: production.version, treatment: derived.version, share: 0.5, plannedPerArm: planned,
                now: .now,
                eventTime: time)
            return ["experiment \(name): \(production.version) (control) against \(derived.version), \(planned) answers per arm planned"]
        }
        // Production when it is personalised, else the latest trained personalised version: is personalisation worth it?
        let versions = try await controller.store.versions()
        let production = try await controller.store.productionVersion()
        let personalised =
            production.flatMap { $0.kind == "popularity" ? nil : $0 }
            ?? versions.last { $0.kind != "popularity" && $0.hyperparameters["iterations"] != "0" }
        guard let personalised, let popularity = versions.last(where: { $0.kind == "popularity" }) else {
            return ["no personalised and popularity versions to compare yet"]
        }
        try await controller.startExperiment(
            name: "personalised-vs-popularity", control: popularity.version, treatment: personalised.version, share: 0.5,
            plannedPerArm: planned, now: .now, eventTime: time)
        return [
            "experiment personalised-vs-popularity: \(popularity.version) (control) against \(personalised.version), \(planned) answers per arm planned"
        ]
    }

    // MARK: Baselines

    /// The main online metric of two reference recommenders on the last day, replayed in process: the oracle (true
    /// tastes) and the catalogue's popularity prior. Like the served models that day, they leave out the movies each
    /// user watched before it (`watched`), so that the comparison is of the same lists.
    private func baselineFollowThrough(lastDay day: Int, excluding watched: [UserID: Set<MovieID>]) async throws -> [String: OnlineMetricGroup] {
        let simulator = try Simulator(configuration: simulatorConfiguration(days: 1, firstDay: day))
        var result: [String: OnlineMetricGroup] = [:]
        let providers: [(String, any RecommendationProvider)] = [
            ("oracle", OracleRecommendations(simulator: simulator, excluding: watched)),
            ("popularity prior", PopularRecommendations(catalogue: simulator.catalogue.movies, excluding: watched)),
        ]
        var runtimes: [MovieID: Int] = [:]
        for movie in simulator.catalogue.movies.movies { runtimes[movie.id] = movie.runtime }
        for (name, provider) in providers {
            var sink = InMemoryEventLogSink()
            _ = try await simulator.run(writingTo: &sink, provider: provider)
            var answers: [ServedRecommendation] = []
            var events: [Event] = []
            let codec = LogLineCodec()
            for line in sink.lines {
                guard let event = try? line.withUnsafeBufferPointer({ bytes throws(LineRejection) in try codec.parse(utf8: bytes) }) else { continue }
                if case .recommendation(let request) = event.kind, request.status == 200, case .movies(let movies) = request.result {
                    answers.append(ServedRecommendation(user: event.user, time: event.time, movies: movies, modelVersion: name, route: name))
                } else {
                    events.append(event)
                }
            }
            // Observed until a day after the run, so that every answer's 24-hour window is closed.
            result[name] = try OnlineEvaluator.evaluate(answers: answers, events: events, runtimes: runtimes, observedUntil: dayStart(day + 2))
                .overall
        }
        return result
    }

    // MARK: Settings

    private func controllerConfiguration(_ files: DemoFiles) -> LifecycleController.Configuration {
        var pipeline = PipelineConfiguration(
            candidates: [
                CandidateSpec(kind: "popularity"), CandidateSpec(kind: "item-knn"),
                CandidateSpec(kind: "als", parameters: ["factors": "32", "iterations": "10"]), CandidateSpec(kind: "hybrid"),
            ],
            seed: configuration.seed, trigger: "schedule", modelsDirectory: files.models, codeVersion: codeVersion)
        pipeline.ratingScale = configuration.service.ratingScale
        return LifecycleController.Configuration(
            pipeline: pipeline, canaryShare: configuration.canaryShare,
            judge: CanaryJudge(
                minimumAnswers: configuration.canaryMinimumAnswers, promotion: .withinMargin,
                latencyP99Milliseconds: configuration.canaryLatencyP99Milliseconds)
        )
    }

    private func simulatorConfiguration(days: Int, firstDay: Int, server: String = "marquee:8082") -> SimulatorConfiguration {
        var simulator = SimulatorConfiguration(
            users: configuration.users, movies: configuration.movies, days: days, firstDay: firstDay, seed: configuration.seed,
            faultRate: configuration.faultRate, recommendationServer: server, requestTimeoutMilliseconds: configuration.requestTimeoutMilliseconds,
            ratingScale: configuration.service.ratingScale)
        simulator.selfDescriptionFields = configuration.service.selfDescriptionFields
        return simulator
    }

    private func dayStart(_ day: Int) -> EventTime {
        simulatorConfiguration(days: 1, firstDay: 0).start.adding(seconds: Double(day) * 86_400)
    }

    // MARK: Server

    /// Runs `server` on a free loopback port while `body` runs, then shuts it down gracefully, with the telemetry of
    /// every answer stored.
    private func withServer<Result: Sendable>(
        _ server: RecommendationServer, applier: DeploymentApplier, _ body: @Sendable (Int) async throws -> Result
    ) async throws -> Result {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let services = server.services(configuration: .init(host: "127.0.0.1", port: 0), applier: applier) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [], logger: logger)
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
    var lastDay = ServiceLogSummary()
    var days: [DemoReport.Day] = []
    var experiment: ExperimentReport?
    var answered = 0
    /// What the served models left out on the last day: each user's movies watched before it.
    var watchedBeforeLastDay: [UserID: Set<MovieID>] = [:]
}

extension DemoRunner {
    /// Opens the demo's store. A SQLite file was removed by ``DemoFiles``; a PostgreSQL database is never emptied by
    /// the demo, so it must be empty already.
    static func openEmptyStore(_ text: String, logger: Logger) async throws(StoreError) -> any DataStore {
        let store = try await StoreLocation(text).open(logger: logger)
        let statistics = try await store.statistics()
        guard statistics.events.total == 0, statistics.quarantine.total == 0, try await store.versions().isEmpty else {
            try? await store.close()
            throw StoreError(
                .invalidLocation,
                "the demo needs an empty store, and \(store.location) holds \(statistics.events.total) events; "
                    + "give it a new database (e.g. createdb marquee_demo) or a SQLite path")
        }
        return store
    }
}
