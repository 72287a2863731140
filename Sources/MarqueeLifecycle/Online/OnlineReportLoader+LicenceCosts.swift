import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

extension OnlineReportLoader {
    /// The online report of the answers logged at or after `start` (all when `nil`), with the licence cost per view of
    /// everything watched and of the recommended views over the same events, read once.
    ///
    /// With an online rollup (``OnlineRollup``) and `start` the start of a period, the periods it folded come from its
    /// rows, and only the answers and events since its last fold are read.
    /// - Throws: `StoreError` when the store fails; `EvaluationError` for a bad configuration.
    public func reportWithLicenceCosts(since start: EventTime? = nil) async throws -> (online: OnlineEvaluationReport, costs: LicenceCostSummary) {
        if let rolledUp = try await rolledUp(since: start) { return rolledUp }
        let answers = try await answers(since: start)
        let inputs = try await inputs(since: start)
        let online = try evaluate(answers, with: inputs)
        return (online, LicenceCostSummary(events: inputs.events, licenceCosts: inputs.licenceCosts, online: online))
    }
}
