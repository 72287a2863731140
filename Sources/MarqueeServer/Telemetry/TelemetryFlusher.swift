import Logging
import MarqueeStore
import ServiceLifecycle

/// Writes the telemetry buffer to the store in batches, every `interval`, and once more on graceful shutdown so
/// that every answer sent before SIGTERM is stored.
public struct TelemetryFlusher: Service {
    let buffer: TelemetryBuffer
    let store: any TelemetryStore
    let metrics: ServerMetrics
    let interval: Duration
    let logger: Logger

    /// Creates a flusher.
    public init(buffer: TelemetryBuffer, store: any TelemetryStore, metrics: ServerMetrics, interval: Duration = .seconds(1), logger: Logger) {
        self.buffer = buffer
        self.store = store
        self.metrics = metrics
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: interval)
            await flush()
        }
        // List the flusher before the HTTP server in the ServiceGroup: services stop in reverse order, so the server has
        // finished its requests by now. Store what is left.
        await flush()
    }

    /// Writes what is buffered now. A failed write is logged and its records counted as dropped.
    public func flush() async {
        let (records, dropped) = buffer.drain()
        metrics.recordTelemetryDropped(dropped)
        guard !records.isEmpty else { return }
        do {
            try await store.append(telemetry: records)
        } catch {
            metrics.recordTelemetryDropped(records.count)
            logger.error("Telemetry write failed", metadata: ["telemetry.records": "\(records.count)", "error": "\(error)"])
        }
    }
}
