import Hummingbird
import Logging
import MarqueeCore
import MarqueeStore

/// Settings of the recommendation server.
public struct ServerConfiguration: Sendable {
    /// Interface to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free port.
    public var port: Int
    /// How long a connection may stay without a complete request part before it is closed. Longer than the shipped
    /// nginx's upstream `keepalive_timeout` (60 s), so that nginx, not the replica, closes an idle keep-alive
    /// connection, and never reuses one the replica is closing.
    public var idleTimeout: Duration
    /// How long a new connection may take to send its first complete request head (see `RequestHeadTimeoutHandler`).
    public var requestHeadTimeout: Duration

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8082, idleTimeout: Duration = .seconds(75), requestHeadTimeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.requestHeadTimeout = requestHeadTimeout
    }
}

/// Builds the recommendation server's router: `/recommend/<user>`, `/recommend/<user>/explain`, `/health`, `/ready`,
/// `/metrics`, `/admin/`, and `/dashboard` when given one.
/// - Parameter telemetry: where each `/recommend` answer is recorded; `nil` records nothing.
/// - Parameter admin: the `/admin/` API's token and model directory; disabled without a token.
/// - Parameter explain: `/recommend/<user>/explain`'s token and rate limit; disabled without a token.
/// - Parameter rateLimit: per-client limits; requests beyond them get 429.
/// - Parameter dashboard: the page `/dashboard` serves; `nil` leaves the route out.
/// - Parameter applier: applies the admin API's decisions (deploy, rollback, canary, experiment) to `service`, after
///   they are recorded where it reads them: in the registry it follows, so that every replica following it applies
///   them, or in its ``LocalDeployment``; `nil` keeps them to this server, through an applier of a new
///   ``LocalDeployment``.
public func buildRouter(
    service: RecommendationService, metrics: ServerMetrics = ServerMetrics(), telemetry: TelemetryBuffer? = nil,
    admin: AdminConfiguration = AdminConfiguration(), explain: ExplainConfiguration = ExplainConfiguration(),
    rateLimit: RateLimitConfiguration = RateLimitConfiguration(), dashboard: DashboardCache? = nil, applier: DeploymentApplier? = nil
) -> Router<MarqueeRequestContext> {
    buildRouter(
        service: service, metrics: metrics, telemetry: telemetry, admin: admin, explain: explain, rateLimit: rateLimit, buckets: nil,
        dashboard: dashboard, applier: applier)
}

func buildRouter(
    service: RecommendationService, metrics: ServerMetrics, telemetry: TelemetryBuffer?, admin: AdminConfiguration,
    explain: ExplainConfiguration, rateLimit: RateLimitConfiguration, buckets: TokenBuckets?, dashboard: DashboardCache?,
    applier: DeploymentApplier?
) -> Router<MarqueeRequestContext> {
    let router = Router(context: MarqueeRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: RequestLimitsMiddleware())
    router.add(middleware: RateLimitMiddleware(configuration: rateLimit, buckets: buckets))
    RecommendController(service: service, metrics: metrics, telemetry: telemetry).addRoutes(to: router)
    ExplainController(service: service, configuration: explain).addRoutes(to: router)
    HealthController(service: service).addRoutes(to: router)
    MetricsController(metrics: metrics, service: service).addRoutes(to: router)
    let applier =
        applier
        ?? DeploymentApplier(
            recorded: .local(LocalDeployment()), service: service, logger: Logger(label: "marquee.deployment") { _ in SwiftLogNoOpLogHandler() })
    AdminController(applier: applier, configuration: admin).addRoutes(to: router)
    if let dashboard { DashboardController(cache: dashboard).addRoutes(to: router) }
    return router
}

/// Builds the recommendation server: the router, behind a ``PrecomputedAnswerHandler`` on every connection that
/// answers lookups of precomputed lists on the event loop.
/// - Parameters:
///   - applier: as in ``buildRouter(service:metrics:telemetry:admin:explain:rateLimit:dashboard:applier:)``.
///   - onServerRunning: called with the bound port once the server listens (useful with port 0).
public func buildApplication(
    service: RecommendationService,
    configuration: ServerConfiguration,
    metrics: ServerMetrics = ServerMetrics(),
    telemetry: TelemetryBuffer? = nil,
    admin: AdminConfiguration = AdminConfiguration(),
    explain: ExplainConfiguration = ExplainConfiguration(),
    rateLimit: RateLimitConfiguration = RateLimitConfiguration(),
    dashboard: DashboardCache? = nil,
    applier: DeploymentApplier? = nil,
    logger: Logger,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let serverName = "marquee"
    let buckets = rateLimit.requestsPerSecond > 0 ? TokenBuckets(configuration: rateLimit) : nil
    let router = buildRouter(
        service: service, metrics: metrics, telemetry: telemetry, admin: admin, explain: explain, rateLimit: rateLimit, buckets: buckets,
        dashboard: dashboard, applier: applier)
    return Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [
                    RequestHeadTimeoutHandler(timeout: .nanoseconds(configuration.requestHeadTimeout.wholeNanoseconds)),
                    PrecomputedAnswerHandler(service: service, metrics: metrics, telemetry: telemetry, rateLimit: buckets, serverName: serverName),
                ], idleTimeout: .nanoseconds(configuration.idleTimeout.wholeNanoseconds))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
