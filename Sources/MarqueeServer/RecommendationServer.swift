import Logging
import MarqueeLifecycle
import MarqueeStore
import ServiceLifecycle

/// A recommendation server with what every one needs beside it, assembled one way for `marquee serve`, `marquee run`
/// and the demo: the service, serving the stated tastes of the store's users; its metrics; the telemetry buffer of its
/// answers and the flusher that stores it.
public struct RecommendationServer: Sendable {
    /// The service that answers `/recommend`; deployments change through it.
    public let service: RecommendationService
    /// The server's metrics, on the registry `/metrics` renders.
    public let metrics: ServerMetrics
    /// Where each answer's telemetry waits for the flusher.
    public let telemetry: TelemetryBuffer
    /// Stores the buffered telemetry every second and once more when the services stop.
    public let flusher: TelemetryFlusher
    private let logger: Logger

    /// Assembles a server of `model`, whose telemetry goes to `store`.
    /// - Parameter deadline: how long the model may take before the fallback list answers.
    /// - Throws: ``StoreError`` when the users' records cannot be read for their stated tastes.
    public init(
        model: ServingModel, deadline: Duration = .milliseconds(300), store: any EventStore & TelemetryStore, logger: Logger
    ) async throws(StoreError) {
        service = RecommendationService(model: model, deadline: deadline)
        var statedTastes = StatedTasteIndex()
        try await service.refreshStatedTastes(&statedTastes, from: store)
        metrics = ServerMetrics()
        telemetry = TelemetryBuffer()
        flusher = TelemetryFlusher(buffer: telemetry, store: store, metrics: metrics, logger: logger)
        self.logger = logger
    }

    /// The services to run in one `ServiceGroup`: the flusher first, so that it stops last and stores the telemetry of
    /// every answer the server gave, then the HTTP server (see
    /// ``buildApplication(service:configuration:metrics:telemetry:admin:explain:rateLimit:dashboard:applier:logger:onServerRunning:)``),
    /// then `others`.
    public func services(
        configuration: ServerConfiguration, admin: AdminConfiguration = AdminConfiguration(),
        explain: ExplainConfiguration = ExplainConfiguration(), rateLimit: RateLimitConfiguration = RateLimitConfiguration(),
        dashboard: DashboardCache? = nil, applier: DeploymentApplier? = nil,
        beside others: [any Service] = [], onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> [any Service] {
        let app = buildApplication(
            service: service, configuration: configuration, metrics: metrics, telemetry: telemetry, admin: admin, explain: explain,
            rateLimit: rateLimit,
            dashboard: dashboard, applier: applier, logger: logger, onServerRunning: onServerRunning)
        return [flusher, app] + others
    }
}
