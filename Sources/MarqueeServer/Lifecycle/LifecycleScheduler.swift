import Foundation
import Logging
import MarqueeCore
import MarqueeLifecycle
import MarqueeQuality
import MarqueeStore
import ServiceLifecycle

/// Retrains on a schedule in event time and judges canaries, inside a running server (`marquee run`).
///
/// Every `tick` of wall time it looks at how far the ingested event log has come: without a registered production
/// model it trains the first one; with a running canary it judges it; otherwise it retrains when the log has
/// advanced ``retrainEvery`` of event time past the snapshot of the newest registered version, or earlier (at least
/// ``minimumDriftGap`` after it) when ``DriftMonitor`` reports drift, which it looks at once per hour of event time. The canary it judges is the registry's (see
/// ``LifecycleController/followRegistryCanary(eventTime:)``). A failed step is logged and leaves production serving;
/// the next tick tries again. With a ``LifecycleLeadership``, it does all this only while its process holds the
/// lease, so that of several processes sharing a store one trains and judges; the others look again every tick and
/// take over when the leader's lease expires or is released.
public struct LifecycleScheduler: Service {
    let controller: LifecycleController
    /// Event time between retrainings.
    public let retrainEvery: Duration
    /// Event time after the newest snapshot before drift may trigger a retraining.
    public let minimumDriftGap: Duration
    let drift: DriftDetector
    /// When the next look for drift is due: at most once per hour of event time.
    let driftChecks: DriftCheckSchedule
    let tick: Duration
    let logger: Logger
    /// The lease this process must hold to act; `nil` to act alone (one process per store).
    public let leadership: LifecycleLeadership?
    /// Whether the store holds the log the process follows (``FollowingIngest/hasCaughtUp(within:)``): the first model
    /// is trained only then, not on the first batch of a backlog. `nil`: always.
    let hasCaughtUp: (@Sendable () async -> Bool)?

    /// Creates a scheduler; `retrainEvery` defaults to 3 days of event time, `minimumDriftGap` to 1 day.
    public init(
        controller: LifecycleController, retrainEvery: Duration = .seconds(3 * 86_400), minimumDriftGap: Duration = .seconds(86_400),
        drift: DriftDetector = .init(), driftChecks: DriftCheckSchedule = .init(), tick: Duration = .seconds(10),
        leadership: LifecycleLeadership? = nil, hasCaughtUp: (@Sendable () async -> Bool)? = nil, logger: Logger
    ) {
        self.hasCaughtUp = hasCaughtUp
        self.controller = controller
        self.retrainEvery = retrainEvery
        self.minimumDriftGap = minimumDriftGap
        self.drift = drift
        self.driftChecks = driftChecks
        self.tick = tick
        self.leadership = leadership
        self.logger = logger
    }

    public func run() async throws {
        await repeatUntilShutdown(every: tick) { await step(now: .now) }
        await leadership?.release()
    }

    /// One look at the log and the registry, if this process leads; returns what it did, for logs and tests.
    @discardableResult
    public func step(now: WallTime) async -> String? {
        guard let leadership else { return await act(now: now) }
        do {
            let (leads, changed) = try await leadership.renew(now: now)
            guard leads else {
                guard changed else { return nil }
                let leader = await leadership.leader()
                return log("following: \(leader) leads the lifecycle")
            }
            let became = changed ? log("leading the lifecycle as \(leadership.holder)") : nil
            // The controller's stage changes carry this lease's fencing token: refused should another process take over.
            await controller.lead(with: await leadership.fence)
            // Keep the lease while a long step (a training) runs; the step's result ends the renewals.
            let acted = await withTaskGroup(of: String?.self) { group in
                group.addTask { await act(now: now) }
                group.addTask {
                    await leadership.keepRenewing(logger: logger)
                    return nil
                }
                let result = await group.next() ?? nil
                group.cancelAll()
                return result
            }
            return [became, acted].compactMap(\.self).joined(separator: "; ").nilIfEmpty
        } catch {
            logger.error("Could not take or renew the lifecycle lease; not acting this tick", metadata: ["error": "\(error)"])
            return "failed: \(error)"
        }
    }

    private func act(now: WallTime) async -> String? {
        let folded = await foldOnlineRollup()
        let acted = await lifecycleStep(now: now)
        return [folded, acted].compactMap(\.self).joined(separator: "; ").nilIfEmpty
    }

    /// Folds the periods of the online metric that closed since the last fold into the store's rollup (``OnlineRollup``),
    /// so that the dashboard and reports read rows per day instead of every answer; a failed fold is logged and retried
    /// the next tick.
    private func foldOnlineRollup() async -> String? {
        guard let store = controller.store as? OnlineRollup.Store else { return nil }
        do {
            guard let fold = try await OnlineRollup(store: store, configuration: controller.configuration.online).fold() else { return nil }
            return log("online rollup: folded \(fold.answers) answers into \(fold.rows) rows, up to \(fold.foldedBefore.iso8601)")
        } catch {
            logger.error("Folding the online rollup failed; reports read the answers since the last fold", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private func lifecycleStep(now: WallTime) async -> String? {
        do {
            let store = controller.store
            let bounds = try await store.currentSnapshotBounds()
            guard bounds.throughBatch > 0 else { return nil }
            let eventTime = bounds.eventTimeTo
            if let followed = try await controller.followRegistryCanary(eventTime: eventTime) { _ = log(followed) }
            if await controller.canary != nil {
                guard let decision = try await controller.judgeCanary(now: now, eventTime: eventTime) else { return nil }
                return log("canary: \(decision.evidence)")
            }
            let versions = try await store.versions()
            guard let newest = versions.last else {
                guard await hasCaughtUp?() ?? true else { return nil }
                return try await retrain(now: now, eventTime: eventTime, trigger: "bootstrap")
            }
            guard let trainedUpTo = try await store.snapshot(id: newest.snapshotID)?.bounds.eventTimeTo else {
                return log("the newest version's snapshot \(newest.snapshotID) is missing; not retraining")
            }
            let (advanced, overflow) = eventTime.microseconds.subtractingReportingOverflow(trainedUpTo.microseconds)
            guard !overflow else { return nil }
            if advanced >= retrainEvery.wholeMicroseconds {
                return try await retrain(now: now, eventTime: eventTime, trigger: "schedule")
            }
            guard advanced >= minimumDriftGap.wholeMicroseconds, driftChecks.takeLookIfDue(at: eventTime.microseconds),
                let report = try await DriftMonitor(store: store, detector: drift).report(),
                report.drifted
            else { return nil }
            let evidence = report.checks.filter(\.drifted).map { $0.name + String(format: " PSI %.2f", $0.psi) }
            let trigger = "drift: " + evidence.joined(separator: ", ")
            return try await retrain(now: now, eventTime: eventTime, trigger: trigger)
        } catch {
            logger.error("Lifecycle step failed; production keeps serving", metadata: ["error": "\(error)"])
            return "failed: \(error)"
        }
    }

    /// Retrains through the controller, logging when it starts and, when it ends, its steps with how long each took.
    private func retrain(now: WallTime, eventTime: EventTime, trigger: String) async throws -> String {
        logger.notice("Retraining started", metadata: ["trigger": "\(trigger)"])
        return log(try await controller.retrain(now: now, eventTime: eventTime, trigger: trigger))
    }

    private func log(_ outcome: PipelineOutcome) -> String {
        let text = outcome.steps.joined(separator: "; ")
        logger.notice(
            "Lifecycle", metadata: ["step": "\(text)", "timings": "\(outcome.timings.map(\.description).joined(separator: ", "))"])
        return text
    }

    private func log(_ text: String) -> String {
        logger.notice("Lifecycle", metadata: ["step": "\(text)"])
        return text
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
