import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

/// Folds closed periods of the online metric into a rollup (``MarqueeStore/OnlineRollupStore``), so that reports over
/// weeks read a row per day, model version and route, plus the few days whose answers are still open, instead of
/// every answer, telemetry record and watched minute ever stored.
///
/// A period is folded once every answer in it has had its whole window, plus ``lateness`` for log lines that arrive
/// late: with the default day-long windows and periods, the day before yesterday is folded once an answer of today
/// is logged. A fold reads the answers, events and telemetry since the last fold only, and records its rows and the new
/// state in one transaction that succeeds only if no other process folded meanwhile (see
/// ``MarqueeStore/OnlineRollupStore/recordOnlineFold(outcomes:views:state:expected:clearing:)``), so `marquee run`,
/// the demo and the CLI may all fold the same store.
///
/// What a fold leaves out: the per-user follow-through that experiments and the canary judge compare (they read their
/// own bounded windows), and log lines of a folded period that arrive after it was folded (more than ``lateness``
/// late). Answers are joined with telemetry as ``ServedAnswers`` does; the next fold re-reads telemetry from
/// ``telemetryMargin`` before the earliest record matched to an answer still open.
public struct OnlineRollup: Sendable {
    /// The stores a rollup reads and writes.
    public typealias Store = any EventStore & TelemetryStore & OnlineRollupStore
    public let store: Store
    /// The online metric's settings; rows folded under other settings are dropped at the next fold.
    public let configuration: OnlineEvaluationConfiguration
    /// Event time an answer's window must have been closed for before its period is folded (microseconds).
    public var lateness: Int64 = 3_600_000_000
    /// Wall time re-read before the telemetry of the earliest open answer: replicas flush at different moments.
    public var telemetryMargin: Duration = .seconds(60)

    /// What one fold did.
    public struct Fold: Hashable, Sendable {
        /// Every answer before this event time is in the rollup now.
        public var foldedBefore: EventTime
        /// Answers and outcome rows added.
        public var answers: Int
        public var rows: Int
    }

    /// Creates a rollup of `store` under `configuration`.
    public init(store: Store, configuration: OnlineEvaluationConfiguration = .init()) {
        self.store = store
        self.configuration = configuration
    }

    /// The settings as recorded with the rows: the configuration's JSON.
    /// - Throws: `EvaluationError` when the configuration cannot be encoded, which a valid one always can.
    public static func settings(of configuration: OnlineEvaluationConfiguration) throws(EvaluationError) -> String {
        do {
            return String(decoding: try JSONEncoder.marquee().encode(configuration), as: UTF8.self)
        } catch {
            throw EvaluationError(.invalidConfiguration, "the online metric's settings could not be encoded: \(error)")
        }
    }

    /// Folds every period whose answers have all closed and that is not folded yet.
    /// - Parameter replacingOtherSettings: whether a rollup kept under other settings is dropped and folded again
    ///   under these (what the process that owns the rollup does: `marquee run`, the demo); without it, such a rollup
    ///   is left alone (what a one-off report with other settings does).
    /// - Returns: what was folded, or `nil` when nothing was due (or another process folded first).
    /// - Throws: `StoreError` when the store fails; `EvaluationError` for a bad configuration.
    @discardableResult
    public func fold(replacingOtherSettings: Bool = true) async throws -> Fold? {
        try configuration.validate()
        guard let latest = try await store.latestRecommendationTime() else { return nil }
        let settings = try Self.settings(of: configuration)
        let recorded = try await store.onlineRollupState()
        if let recorded, recorded.settings != settings, !replacingOtherSettings { return nil }
        let current = recorded?.settings == settings ? recorded : nil
        let period = Self.microseconds(configuration.periodSeconds)
        let closedBy = latest.microseconds - Self.microseconds(configuration.windowSeconds) - lateness
        let cutoff = closedBy.floored(to: period)
        if let current, cutoff <= current.foldedBefore.microseconds { return nil }
        let start = current?.foldedBefore

        let log = try await store.recommendationRequests(since: start)
        let telemetry = if let from = current?.telemetryFrom { try await store.telemetry(since: from) } else { try await store.telemetry(of: nil) }
        let matched = ServedAnswers.matched(log: log, telemetry: telemetry)
        let folding = matched.filter { $0.answer.time.microseconds < cutoff }.map(\.answer)
        let loader = OnlineReportLoader(store: store, configuration: configuration)
        let inputs = try await loader.inputs(since: start)
        let closed = try OnlineEvaluator.fed(
            answers: folding, events: inputs.events, runtimes: inputs.runtimes, licenceCosts: inputs.licenceCosts.isEmpty ? nil : inputs.licenceCosts,
            configuration: configuration
        ).closedOutcomes(observedUntil: latest)
        let views = LicenceCostSummary.viewsByPeriod(
            events: inputs.events.filter { $0.time.microseconds < cutoff }, licenceCosts: inputs.licenceCosts,
            periodSeconds: configuration.periodSeconds)

        let openWallTimes = matched.lazy.filter { $0.answer.time.microseconds >= cutoff }.compactMap(\.wallTime)
        let telemetryFrom = (openWallTimes.min() ?? matched.lazy.compactMap(\.wallTime).max()).map { $0 - telemetryMargin } ?? current?.telemetryFrom
        let state = OnlineRollupState(foldedBefore: EventTime(microseconds: cutoff), telemetryFrom: telemetryFrom, settings: settings)
        let rows = closed.keys.sorted().compactMap { key in closed[key].map { OnlineOutcomeRow(key: key, tally: $0) } }
        let viewRows = views.keys.sorted().compactMap { start in
            views[start].map {
                PeriodViewsRow(periodStart: EventTime(microseconds: start), views: $0.views, costedViews: $0.costedViews, licenceCost: $0.licenceCost)
            }
        }
        guard
            try await store.recordOnlineFold(
                outcomes: rows, views: viewRows, state: state, expected: recorded, clearing: recorded != nil && current == nil)
        else { return nil }
        return Fold(foldedBefore: state.foldedBefore, answers: folding.count, rows: rows.count)
    }

    static func microseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1_000_000).rounded()) }
}

extension OnlineOutcomeRow {
    /// The row of one rollup group.
    init(key: OnlineOutcomeKey, tally: OnlineMetricTally) {
        self.init(
            periodStart: EventTime(microseconds: key.periodStart), modelVersion: key.modelVersion, route: key.route, answers: tally.answers,
            followed: tally.followed, ratingCount: tally.ratingCount, ratingMean: tally.ratingMean,
            ratingSquaredDeviations: tally.ratingSquaredDeviations,
            watchedMinutes: tally.watchedMinutes, costedMinutes: tally.costedMinutes, views: tally.views, costedViews: tally.costedViews,
            licenceCost: tally.licenceCost)
    }

    /// The group's key.
    var key: OnlineOutcomeKey { OnlineOutcomeKey(periodStart: periodStart.microseconds, modelVersion: modelVersion, route: route) }

    /// The group's tally.
    var tally: OnlineMetricTally {
        OnlineMetricTally(
            answers: answers, followed: followed, ratingCount: ratingCount, ratingMean: ratingMean, ratingSquaredDeviations: ratingSquaredDeviations,
            watchedMinutes: watchedMinutes, costedMinutes: costedMinutes, views: views, costedViews: costedViews, licenceCost: licenceCost)
    }
}
