import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MarqueeCore
import MarqueeIngest
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeStore
import ServiceLifecycle

/// `marquee run`: ingest, serving and the lifecycle in one process, the way a small deployment runs Marquee.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Follow the event log into the store, serve recommendations, and retrain and roll out on a schedule.",
        discussion: """
            Ingests FILE and follows what is appended to it; serves /recommend and the other routes; every --tick seconds \
            trains the first model when none is registered, judges a running canary, or retrains through the pipeline when \
            the log has advanced --retrain-every-days of event time, sending the choice to a canary. Stops on SIGTERM. \
            /recommend/<user>/explain needs an admin token of at least 32 bytes (--admin-token-file, MARQUEE_ADMIN_TOKEN or \
            --admin-token), sent as "Authorization: Bearer <token>"; \
            run has no /admin/ API (its lifecycle controller changes the models).
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var loggingOptions: LoggingOptions
    @OptionGroup var listen: ListenOptions
    @OptionGroup var expectationsOptions: ExpectationsOptions
    @OptionGroup var serviceOptions: ServiceConfigurationOptions

    @Argument(help: "The event log to follow.")
    var log: String

    @OptionGroup var catalogueOptions: CatalogueOptions

    @Option(name: .customLong("models-dir"), help: ArgumentHelp("Where the pipeline writes artifacts.", valueName: "directory"))
    var modelsDirectory: String

    @Option(
        name: .customLong("catalogue-api"),
        help: ArgumentHelp(
            "The service's user/movie API (e.g. http://catalogue:8080): records of users and movies the log names without one (new accounts included) are fetched from it. Default: the service configuration's catalogue_api.",
            valueName: "url"))
    var catalogueAPI: String?

    @Option(name: .long, help: "Seconds between fetches of missing user and movie records from --catalogue-api.")
    var catalogueEvery = 30.0

    @Option(name: .long, help: "Event-time days between retrainings.")
    var retrainEveryDays = 3.0

    @Option(name: .long, help: "Seconds between looks at the log and the registry.")
    var tick = 10.0

    @Option(name: .long, help: "Share of users a new candidate serves first.")
    var canaryShare = 0.05

    @Option(
        name: .long,
        help: ArgumentHelp(
            "When a canary that is not significantly worse is promoted: non-inferior (its always-valid interval is above -3 points; needs thousands of canary answers) or within-margin (its estimate is; decides within hundreds, for small deployments).",
            valueName: "rule"))
    var canaryPromotion: CanaryJudge.PromotionRule = .nonInferior

    @Option(
        name: .long,
        help:
            "Seconds a lifecycle lease lasts unless renewed: when the leading process dies, another `marquee run` on the same store takes over after at most this long."
    )
    var leaseSeconds = 60.0

    @Option(name: .long, help: "Seconds between refreshes of the quality gauges on /metrics (drift, expectations and online metric every 10th).")
    var monitorEvery = 30.0

    @OptionGroup var adminTokenOptions: AdminTokenOptions

    @Option(name: .long, help: "Explain requests per second one client may sustain (burst: twice as many).")
    var explainRateLimit = 10.0

    @OptionGroup var precomputeOptions: PrecomputeOptions

    func validate() throws {
        guard FileManager.default.fileExists(atPath: log) else { throw CommandFailure("no log at '\(log)'") }
        _ = try adminTokenOptions.configuration()
        if let catalogueAPI {
            try validateCatalogueAPIURL(catalogueAPI, option: "--catalogue-api")
            guard (0.1...86_400).contains(catalogueEvery) else { throw CommandFailure("--catalogue-every must be 0.1...86400 seconds") }
        }
        guard FileManager.default.fileExists(atPath: modelsDirectory) else {
            throw CommandFailure("no directory '\(modelsDirectory)' for --models-dir: create it first")
        }
        guard (0.001...3_650).contains(retrainEveryDays), (0.01...86_400).contains(tick), (0.1...86_400).contains(monitorEvery),
            leaseSeconds >= 3 * tick, canaryShare > 0,
            canaryShare < 1
        else {
            throw CommandFailure(
                "--retrain-every-days must be 0.001...3650, --tick 0.01...86400 seconds, --monitor-every 0.1...86400 seconds, --lease-seconds at least 3 × --tick, --canary-share between 0 and 1"
            )
        }
        guard explainRateLimit > 0, explainRateLimit.isFinite else {
            throw CommandFailure("--explain-rate-limit must be more than 0 (explain is always limited), got \(explainRateLimit)")
        }
    }

    func run() async throws {
        let logger = loggingOptions.makeLogger("marquee.run")
        let store = try await storeOptions.open()
        let serviceConfiguration = try await serviceOptions.agreed(with: store)
        if let catalogue = catalogueOptions.directory() {
            _ = try await CatalogueLoader(store: store, selfDescriptionFields: serviceConfiguration.selfDescriptionFields).load(directory: catalogue)
        }
        let server = try await RecommendationServer(
            model: try await ServingModel.popularity(trainedOn: store, version: "bootstrap-popularity"),
            deadline: serviceConfiguration.modelDeadline, store: store, logger: logger)
        let service = server.service
        var pipeline = PipelineConfiguration(
            candidates: [
                CandidateSpec(kind: "popularity"), CandidateSpec(kind: "item-knn"), CandidateSpec(kind: "als"), CandidateSpec(kind: "hybrid"),
            ],
            modelsDirectory: modelsDirectory, codeVersion: try .build(), expectations: try expectationsOptions.suite())
        pipeline.ratingScale = serviceConfiguration.ratingScale
        // The service follows the registry, so that a change recorded anywhere (the controller here, a replica's admin API,
        // `marquee registry promote`, `marquee experiment`) reaches it as it reaches every replica: the controller's
        // decisions through this applier at once, the others at its next poll.
        let applier = DeploymentApplier(
            recorded: .registry(store), service: service, interval: .milliseconds(Int64(tick * 1000)), logger: logger,
            warmUp: precomputeOptions.warmUp(logger: logger))
        let controller = LifecycleController(
            store: store, applier: applier,
            configuration: .init(pipeline: pipeline, canaryShare: canaryShare, judge: CanaryJudge(promotion: canaryPromotion)))
        // Of several processes sharing the store, the one holding the lease trains and judges; the others follow.
        let leadership = LifecycleLeadership(store: store, duration: .milliseconds(Int64(leaseSeconds * 1000)))
        let leads = try await leadership.renew(now: .now).leads
        let leader = await leadership.leader()
        logger.notice(
            leads ? "Leading the lifecycle" : "Following: another process leads the lifecycle",
            metadata: ["holder": "\(leadership.holder)", "leader": "\(leader)"])
        // After a restart: serve the registered production version, and (as the leader) close any canary the last run left open.
        for line in try await controller.resume(now: .now, closingCanary: leads) {
            logger.notice("Resumed", metadata: ["step": "\(line)"])
        }
        let ingest = FollowingIngest(
            store: store, path: log, service: service, metrics: IngestMetrics(registry: server.metrics.registry), logger: logger,
            ratingScale: serviceConfiguration.ratingScale)
        let scheduler = LifecycleScheduler(
            controller: controller, retrainEvery: .seconds(Int64(retrainEveryDays * 86_400)), tick: .milliseconds(Int64(tick * 1000)),
            leadership: leadership, hasCaughtUp: { await ingest.hasCaughtUp() }, logger: logger)
        let quality = QualityMonitor(
            store: store, metrics: server.metrics, interval: .milliseconds(Int64(monitorEvery * 1000)), expectations: try expectationsOptions.suite(),
            logger: logger)
        var api = CatalogueAPIConfiguration(service: serviceConfiguration)
        if let catalogueAPI {
            api = api ?? CatalogueAPIConfiguration(baseURL: catalogueAPI, selfDescriptionFields: serviceConfiguration.selfDescriptionFields)
            api?.baseURL = CatalogueAPIConfiguration.withoutTrailingSlash(catalogueAPI)
        }
        let catalogue = api.map { api in
            CatalogueFollower(
                fetcher: CatalogueFetcher(store: store, client: CatalogueAPIClient(configuration: api)),
                interval: .milliseconds(Int64(catalogueEvery * 1000)), logger: logger)
        }
        var beside: [any Service] = [ingest, scheduler, quality, applier]
        if let catalogue { beside.append(catalogue) }
        if let precompute = precomputeOptions.service(for: server, logger: logger) { beside.append(precompute) }
        let services = server.services(
            configuration: .init(host: listen.host, port: listen.port(default: 8082)),
            explain: ExplainConfiguration(
                token: try adminTokenOptions.configuration().token,
                rateLimit: .init(requestsPerSecond: explainRateLimit, burst: max(1, 2 * explainRateLimit))),
            dashboard: .live(store: store, expectations: try expectationsOptions.suite()), applier: applier, beside: beside
        ) { port in
            logger.notice("Serving recommendations", metadata: ["server.port": "\(port)"])
        }
        try await runUntilTerminated(services, logger: logger)
    }
}
