import ArgumentParser
import Foundation
import Hummingbird
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import ServiceLifecycle

/// `marquee serve`: answers `/recommend/<user>` from a model artifact, or from a popularity model trained on the store.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve recommendations over HTTP.",
        discussion: """
            Routes: /recommend/<user>, /health, /ready, /metrics, /dashboard (HTML); and, when an admin token is set with \
            --admin-token-file, MARQUEE_ADMIN_TOKEN or --admin-token, /admin/ (versions, deploy, rollback) and \
            /recommend/<user>/explain, both needing "Authorization: Bearer <token>" (explain is also limited per client, \
            --explain-rate-limit).
            """
    )

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var loggingOptions: LoggingOptions
    @OptionGroup var listen: ListenOptions

    @Option(name: .long, help: "Model artifact to serve (from 'marquee train'); default: popularity trained on the store.")
    var model: String?

    @Option(name: .long, help: "Directory of artifacts that POST /admin/deploy may load by file name.")
    var modelsDir: String?

    @OptionGroup var adminTokenOptions: AdminTokenOptions
    @OptionGroup var serviceOptions: ServiceConfigurationOptions

    @Option(
        name: .long,
        help:
            "Milliseconds the model may take before the precomputed fallback list answers; below the service's request budget (default: 300, or half the budget when it is under 600 ms)."
    )
    var deadlineMs: Int?

    @Option(
        name: .long,
        help: """
            Requests per second one client may sustain (burst: twice as many); 0 disables the limit. The default is above \
            what one replica can answer, so the streaming service, one client for all its users, is never limited.
            """)
    var rateLimit = 50_000.0

    @Option(
        name: .customLong("trusted-proxy"),
        help: """
            A reverse proxy, as an address or a CIDR network, whose X-Forwarded-For names the client the rate limit counts \
            (the right-most address that is not a trusted proxy); repeat for several. Default: 127.0.0.0/8 and ::1, \
            an nginx on the same host. 'none': X-Forwarded-For is never believed.
            """)
    var trustedProxies: [String] = []

    @Option(name: .long, help: "Explain requests per second one client may sustain (burst: twice as many), whatever --rate-limit says.")
    var explainRateLimit = 10.0

    @OptionGroup var precomputeOptions: PrecomputeOptions

    @Option(
        name: .long,
        help: """
            Seconds between looks at the registry, whose production version, canary (version and share) and running experiment \
            are then applied (for replicas on one store, and servers run by `marquee run` or the pipeline); the admin API's \
            changes (deploy, rollback, canary, experiment) are then recorded in the registry, so every replica applies them. \
            0, the default, serves --model and the admin API's changes only.
            """)
    var registryPoll = 0.0

    func validate() throws {
        try storeOptions.requireExistingStore()
        if let model, !FileManager.default.fileExists(atPath: model) {
            throw CommandFailure("no model artifact at '\(model)': train one with 'marquee train --store S --model als --out FILE'")
        }
        if let modelsDir, !FileManager.default.fileExists(atPath: modelsDir) {
            throw CommandFailure("no models directory at '\(modelsDir)'")
        }
        if let deadlineMs, !(1...10_000).contains(deadlineMs) { throw CommandFailure("--deadline-ms must be 1...10000, got \(deadlineMs)") }
        guard (0...86_400).contains(registryPoll) else { throw CommandFailure("--registry-poll must be 0...86400 seconds, got \(registryPoll)") }
        guard rateLimit >= 0, rateLimit.isFinite else { throw CommandFailure("--rate-limit must be 0 or more, got \(rateLimit)") }
        guard explainRateLimit > 0, explainRateLimit.isFinite else {
            throw CommandFailure("--explain-rate-limit must be more than 0 (explain is always limited), got \(explainRateLimit)")
        }
        _ = try parsedTrustedProxies()
        _ = try adminConfiguration()
    }

    /// The admin API's settings (see ``AdminTokenOptions``).
    func adminConfiguration() throws -> AdminConfiguration { try adminTokenOptions.configuration(modelDirectory: modelsDir) }

    /// The `--trusted-proxy` networks; the loopback networks when none is given.
    func parsedTrustedProxies() throws -> TrustedProxies {
        if trustedProxies.isEmpty { return .loopback }
        if trustedProxies == ["none"] { return .none }
        var networks: [TrustedProxies.Network] = []
        for text in trustedProxies {
            guard let network = TrustedProxies.Network(text) else {
                throw CommandFailure(
                    "--trusted-proxy '\(text)' is not an IP address or CIDR network (e.g. 10.0.0.5, 10.0.0.0/24, fd00::/8) nor 'none'")
            }
            networks.append(network)
        }
        return TrustedProxies(networks)
    }

    func run() async throws {
        let logger = loggingOptions.makeLogger("marquee.serve")
        let store = try await storeOptions.open()
        let serviceConfiguration = try await serviceOptions.agreed(with: store)
        let deadline = deadlineMs.map { Duration.milliseconds($0) } ?? serviceConfiguration.modelDeadline
        guard deadline < serviceConfiguration.requestBudget else {
            throw CommandFailure(
                "--deadline-ms \(deadlineMs ?? 0) is not below the service's request budget of \(serviceConfiguration.requestBudgetMilliseconds) ms: "
                    + "every answer would come too late; leave --deadline-ms out or give less")
        }
        let serving: ServingModel
        if let model {
            let recommender = try ModelArtifact.read(from: model)
            let watched = try await TrainingDataLoader(store: store).load().watchedMovies()
            let name = URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent
            serving = ServingModel(recommender: recommender, watched: watched, version: name)
        } else {
            serving = try await ServingModel.popularity(trainedOn: store)
        }
        let server = try await RecommendationServer(model: serving, deadline: deadline, store: store, logger: logger)
        let admin = try adminConfiguration()
        let limits = RateLimitConfiguration(requestsPerSecond: rateLimit, burst: max(1, 2 * rateLimit), trustedProxies: try parsedTrustedProxies())
        var others: [any Service] = []
        if let precompute = precomputeOptions.service(for: server, logger: logger) { others.append(precompute) }
        others.append(QualityMonitor(store: store, metrics: server.metrics, logger: logger))
        // The age restriction and stated tastes follow the records that `marquee catalogue` or `marquee run` add.
        others.append(RecordsRefresher(store: store, service: server.service, logger: logger))
        // The one path from decisions to serving: the admin API's decisions are recorded in the registry (polled, so that
        // every replica's decisions reach this one) or, without a registry, in this server's own record.
        let warmUp = precomputeOptions.warmUp(logger: logger)
        let applier: DeploymentApplier
        if registryPoll > 0 {
            let interval = Duration.milliseconds(Int64(registryPoll * 1000))
            applier = DeploymentApplier(recorded: .registry(store), service: server.service, interval: interval, logger: logger, warmUp: warmUp)
            others.append(applier)
        } else {
            applier = DeploymentApplier(recorded: .local(LocalDeployment()), service: server.service, logger: logger, warmUp: warmUp)
        }
        let services = server.services(
            configuration: .init(host: listen.host, port: listen.port(default: 8082)), admin: admin,
            explain: ExplainConfiguration(
                token: admin.token, rateLimit: .init(requestsPerSecond: explainRateLimit, burst: max(1, 2 * explainRateLimit))),
            rateLimit: limits, dashboard: .live(store: store),
            applier: applier, beside: others
        ) { port in
            logger.notice(
                "Serving recommendations",
                metadata: ["server.port": "\(port)", "model.version": "\(serving.version)", "admin.enabled": "\(admin.token != nil)"])
        }
        try await runUntilTerminated(services, logger: logger)
    }
}
