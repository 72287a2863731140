import Foundation
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeStore
import ServiceLifecycle

/// Retrains on a schedule in event time and judges canaries, inside a running server (`marquee run`).
///
/// Every `tick` of wall time it looks at how far the ingested event log has come: without a registered production
/// model it trains the first one; with a running canary it judges it; otherwise it retrains when the log has
/// advanced ``retrainEvery`` of event time past the snapshot of the newest registered version. A failed step is
/// logged and leaves production serving; the next tick tries again.
public struct LifecycleScheduler: Service {
    let controller: LifecycleController
    /// Event time between retrainings.
    public let retrainEvery: Duration
    let tick: Duration
    let logger: Logger

    /// Creates a scheduler; `retrainEvery` defaults to 3 days of event time.
    public init(controller: LifecycleController, retrainEvery: Duration = .seconds(3 * 86_400), tick: Duration = .seconds(10), logger: Logger) {
        self.controller = controller
        self.retrainEvery = retrainEvery
        self.tick = tick
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await step(now: Int64(Date().timeIntervalSince1970 * 1_000_000))
            try? await Task.sleep(for: tick)
        }
    }

    /// One look at the log and the registry; returns what it did, for logs and tests.
    @discardableResult
    public func step(now: Int64) async -> String? {
        do {
            let store = controller.store
            let bounds = try await store.currentSnapshotBounds()
            guard bounds.throughBatch > 0 else { return nil }
            let eventTime = bounds.eventTimeTo
            if await controller.canary != nil {
                guard let decision = try await controller.judgeCanary(now: now, eventTime: eventTime) else { return nil }
                return log("canary: \(decision.evidence)")
            }
            let versions = try await store.versions()
            guard let newest = versions.last else {
                return log(try await controller.retrain(now: now, eventTime: eventTime, trigger: "bootstrap").steps.joined(separator: "; "))
            }
            let trainedUpTo = try await store.snapshot(id: newest.snapshotID)?.bounds.eventTimeTo ?? EventTime(microseconds: Int64.min)
            guard eventTime.microseconds - trainedUpTo.microseconds >= retrainEvery.wholeMicroseconds else { return nil }
            return log(try await controller.retrain(now: now, eventTime: eventTime, trigger: "schedule").steps.joined(separator: "; "))
        } catch {
            logger.error("Lifecycle step failed; production keeps serving", metadata: ["error": "\(error)"])
            return "failed: \(error)"
        }
    }

    private func log(_ text: String) -> String {
        logger.notice("Lifecycle", metadata: ["step": "\(text)"])
        return text
    }
}
