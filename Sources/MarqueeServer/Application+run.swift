import Logging
import ServiceLifecycle
import UnixSignals

/// Runs `services` until SIGTERM or SIGINT, then shuts them down gracefully (in-flight requests finish).
public func runUntilTerminated(_ services: [any Service], logger: Logger) async throws {
    let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    try await group.run()
}
