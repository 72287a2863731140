import ServiceLifecycle

/// Runs `step` now and then every `interval`, until the task is cancelled or its service group shuts down gracefully:
/// the loop of the server's periodic services.
func repeatUntilShutdown(every interval: Duration, _ step: () async -> Void) async {
    while !Task.isCancelled && !Task.isShuttingDownGracefully {
        await step()
        try? await Task.sleep(for: interval)
    }
}
