import MarqueeCore

extension OnlineEvaluator {
    /// Computes the online metric of stored answers and events, ordering them by event time first: O(n log n).
    /// - Parameters:
    ///   - answers: the answers Marquee served, in any order; only successful answers belong here.
    ///   - events: the event log, in any order; watch and rate events are used.
    ///   - runtimes: runtime in minutes per movie.
    ///   - licenceCosts: licence fee per view per movie, or `nil` to leave cost out.
    ///   - configuration: the settings.
    ///   - observedUntil: the end of the observed data; `nil` for the latest answer or event.
    /// - Throws: `EvaluationError` with code `invalidConfiguration` for a bad setting.
    public static func evaluate(
        answers: [ServedRecommendation], events: [Event], runtimes: [MovieID: Int], licenceCosts: [MovieID: Double]? = nil,
        configuration: OnlineEvaluationConfiguration = .init(), observedUntil: EventTime? = nil
    ) throws(EvaluationError) -> OnlineEvaluationReport {
        try fed(answers: answers, events: events, runtimes: runtimes, licenceCosts: licenceCosts, configuration: configuration)
            .report(observedUntil: observedUntil)
    }

    /// An evaluator that has recorded stored answers and events in event-time order, after the closed tallies
    /// `closed` (see ``include(_:)``): O(n log n). The parameters are ``evaluate(answers:events:runtimes:licenceCosts:configuration:observedUntil:)``'s.
    /// - Throws: `EvaluationError` with code `invalidConfiguration` for a bad setting.
    public static func fed(
        answers: [ServedRecommendation], events: [Event], runtimes: [MovieID: Int], licenceCosts: [MovieID: Double]? = nil,
        configuration: OnlineEvaluationConfiguration = .init(), after closed: [OnlineOutcomeKey: OnlineMetricTally] = [:]
    ) throws(EvaluationError) -> OnlineEvaluator {
        var evaluator = try OnlineEvaluator(runtimes: runtimes, licenceCosts: licenceCosts, configuration: configuration)
        evaluator.include(closed)
        // Stable orders: ties keep input order, and an answer goes before events of the same instant.
        let answerTimes = answers.map(\.time.microseconds)
        let eventTimes = events.map(\.time.microseconds)
        let answerOrder = answers.indices.sorted { (answerTimes[$0], $0) < (answerTimes[$1], $1) }
        let eventOrder = events.indices.sorted { (eventTimes[$0], $0) < (eventTimes[$1], $1) }
        var nextEvent = 0
        for index in answerOrder {
            while nextEvent < eventOrder.count, eventTimes[eventOrder[nextEvent]] < answerTimes[index] {
                evaluator.record(events[eventOrder[nextEvent]])
                nextEvent += 1
            }
            evaluator.record(answers[index])
        }
        while nextEvent < eventOrder.count {
            evaluator.record(events[eventOrder[nextEvent]])
            nextEvent += 1
        }
        return evaluator
    }
}
