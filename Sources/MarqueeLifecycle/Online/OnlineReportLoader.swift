import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

/// Computes the online metric from what a store holds: the service's logged answers joined with the server's
/// telemetry (see ``ServedAnswers``), and the users' later watch and rate events.
///
/// When the store keeps an online rollup folded under the same settings (``OnlineRollup``), a report of every route
/// from the start of a period reads the rollup's rows and only the answers and events since its last fold.
public struct OnlineReportLoader: Sendable {
    public let store: any EventStore & TelemetryStore
    public let configuration: OnlineEvaluationConfiguration
    /// Whether the store's online rollup is read when it can answer; without it every answer and event is read.
    public var readsRollup: Bool

    /// Creates a loader.
    public init(store: any EventStore & TelemetryStore, configuration: OnlineEvaluationConfiguration = .init(), readsRollup: Bool = true) {
        self.store = store
        self.configuration = configuration
        self.readsRollup = readsRollup
    }

    /// The online report of the answers logged at or after `start` (all when `nil`), optionally only those whose
    /// route satisfies `routes`. `telemetryFrom` (wall time) leaves out older telemetry, so that an answer
    /// is never credited to a route or version from before a canary or experiment started.
    /// - Throws: `StoreError` when the store fails; `EvaluationError` for a bad configuration.
    public func report(
        since start: EventTime? = nil, telemetryFrom: WallTime? = nil, routes: (@Sendable (String) -> Bool)? = nil
    ) async throws -> OnlineEvaluationReport {
        if telemetryFrom == nil, routes == nil, let rolledUp = try await rolledUp(since: start) { return rolledUp.online }
        return try await report(of: try await answers(since: start, telemetryFrom: telemetryFrom, routes: routes), since: start)
    }

    /// The online report of `answers` (see ``answers(since:telemetryFrom:routes:)``), with the events from `start` on.
    /// - Throws: `StoreError` when the store fails; `EvaluationError` for a bad configuration.
    public func report(of answers: [ServedRecommendation], since start: EventTime?) async throws -> OnlineEvaluationReport {
        let inputs = try await inputs(since: start)
        return try evaluate(answers, with: inputs)
    }

    /// What the online metric reads besides the answers: the events from `start` on, runtimes and licence fees.
    struct Inputs {
        var events: [Event]
        var runtimes: [MovieID: Int] = [:]
        var licenceCosts: [MovieID: Double] = [:]
    }

    /// Reads the ``Inputs`` from the store.
    func inputs(since start: EventTime?) async throws(StoreError) -> Inputs {
        var inputs = try await catalogueInputs()
        inputs.events = try await store.activity(since: start)
        return inputs
    }

    /// Reads the ``Inputs`` but the events: runtimes and licence fees.
    func catalogueInputs() async throws(StoreError) -> Inputs {
        var inputs = Inputs(events: [])
        for movie in try await store.movies() {
            if let runtime = movie.runtime { inputs.runtimes[movie.id] = runtime }
            if let cost = movie.cost { inputs.licenceCosts[movie.id] = cost }
        }
        return inputs
    }

    /// The online report of `answers` over `inputs`.
    func evaluate(_ answers: [ServedRecommendation], with inputs: Inputs) throws(EvaluationError) -> OnlineEvaluationReport {
        try OnlineEvaluator.evaluate(
            answers: answers, events: inputs.events, runtimes: inputs.runtimes, licenceCosts: inputs.licenceCosts.isEmpty ? nil : inputs.licenceCosts,
            configuration: configuration)
    }

    /// The answers logged at or after `start` joined with the server's telemetry from `telemetryFrom` on, whose route
    /// satisfies `routes`: what ``report(since:telemetryFrom:routes:)`` measures.
    /// - Throws: `StoreError` when the store fails.
    public func answers(
        since start: EventTime? = nil, telemetryFrom: WallTime? = nil, routes: (@Sendable (String) -> Bool)? = nil
    ) async throws -> [ServedRecommendation] {
        let log = try await store.recommendationRequests(since: start)
        let telemetry =
            if let telemetryFrom { try await store.telemetry(since: telemetryFrom) } else {
                try await ServedAnswers.telemetry(answering: log, since: start, in: store)
            }
        return ServedAnswers.join(log: log, telemetry: telemetry).filter { routes?($0.route) ?? true }
    }
}
