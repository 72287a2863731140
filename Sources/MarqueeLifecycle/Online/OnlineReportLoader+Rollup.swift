import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

extension OnlineReportLoader {
    /// The online report and licence costs from the store's rollup (``OnlineRollup``) of the periods from `start` on
    /// (all when `nil`), and the answers and events since its last fold; `nil` when the store keeps
    /// no rollup under this loader's settings, ``readsRollup`` is off, or `start` is not the start of a period.
    /// - Throws: `StoreError` when the store fails; `EvaluationError` for a bad configuration.
    func rolledUp(since start: EventTime?) async throws -> (online: OnlineEvaluationReport, costs: LicenceCostSummary)? {
        guard readsRollup, let rollups = store as? any OnlineRollupStore, let state = try await rollups.onlineRollupState(),
            state.settings == (try OnlineRollup.settings(of: configuration))
        else { return nil }
        let period = OnlineRollup.microseconds(configuration.periodSeconds)
        if let start, start.microseconds.floored(to: period) != start.microseconds { return nil }

        var closed: [OnlineOutcomeKey: OnlineMetricTally] = [:]
        for row in try await rollups.onlineOutcomes(since: start) { closed[row.key, default: OnlineMetricTally()].merge(row.tally) }
        var views: [Int64: LicenceCostPerView] = [:]
        for row in try await rollups.periodViews(since: start) {
            views[row.periodStart.microseconds] = LicenceCostPerView(views: row.views, costedViews: row.costedViews, licenceCost: row.licenceCost)
        }
        let open = max(start ?? state.foldedBefore, state.foldedBefore)
        let log = try await store.recommendationRequests(since: open)
        let telemetry = if let from = state.telemetryFrom { try await store.telemetry(since: from) } else { try await store.telemetry(of: nil) }
        let answers = ServedAnswers.join(log: log, telemetry: telemetry)
        let inputs = try await inputs(since: open)
        let openViews = LicenceCostSummary.viewsByPeriod(
            events: inputs.events, licenceCosts: inputs.licenceCosts, periodSeconds: configuration.periodSeconds)
        views.merge(openViews) { folded, more in
            var sum = folded
            sum.merge(more)
            return sum
        }
        let online = try OnlineEvaluator.fed(
            answers: answers, events: inputs.events, runtimes: inputs.runtimes, licenceCosts: inputs.licenceCosts.isEmpty ? nil : inputs.licenceCosts,
            configuration: configuration, after: closed
        ).report()
        return (online, LicenceCostSummary(viewsByPeriod: views, online: online))
    }
}
