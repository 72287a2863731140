import ServiceLifecycle

/// Runs `step` now and then every `interval`, until the task is cancelled or its service group shuts down gracefully:
/// the loop of the server's periodic services. A graceful shutdown ends the wait between steps at once, so that
/// SIGTERM stops the server within its in-flight work, not after up to one `interval`.
func repeatUntilShutdown(every interval: Duration, _ step: () async -> Void) async {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        await step()
        try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    }
}
