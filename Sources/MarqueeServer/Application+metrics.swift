import Hummingbird
import Logging

/// Builds a server of `/metrics` (and `/health`) alone, for a process that serves nothing else, such as a Kafka
/// ingest worker (`marquee ingest --kafka … --metrics-port P`).
/// - Parameters:
///   - exposition: renders the Prometheus text at each scrape, e.g. ``KafkaConsumerMetrics/exposition()``.
///   - onServerRunning: called with the bound port once the server listens (useful with port 0).
public func buildMetricsApplication(
    configuration: ServerConfiguration, logger: Logger, exposition: @escaping @Sendable () -> [UInt8],
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: MarqueeRequestContext.self)
    MetricsController(exposition: exposition).addRoutes(to: router)
    HealthController(service: nil).addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "marquee-metrics"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}
