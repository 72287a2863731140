import MarqueeCore

/// Licence cost per view over a window of event time: of everything users watched, and of what Marquee recommended,
/// overall, per model version and per period.
///
/// A view of everything watched is a user's first watch of a movie in a period (the online metric's periods, a day by
/// default): a movie watched again on another day is another view, as a licence paid per view is. It costs that movie's
/// licence fee (`Movie.cost`). Counted per period, the views of closed periods can be kept as a rollup
/// (``viewsByPeriod(events:licenceCosts:periodSeconds:)``) and summed with the open ones'. A recommended view is what
/// the online metric attributes to an answer (``OnlineMetricGroup/views``): a recommended movie the user watched in the
/// answer's window, once per movie and answer. Views of movies without a known fee are left out of both the sum and the
/// count, so that a partly known catalogue gives the mean fee of the views that have one;
/// ``LicenceCostPerView/knownFeeShare`` says how many did.
///
/// Comparing the two tells whether we recommend what costs more to licence than what users pick on their own.
public struct LicenceCostSummary: Hashable, Sendable {
    /// Every view in the window.
    public let all: LicenceCostPerView
    /// Every view, per period of the view's event time (the online metric's periods), by the period's start (ISO-8601).
    public let allByPeriod: [String: LicenceCostPerView]
    /// Recommended views of every answer whose window is over.
    public let recommended: LicenceCostPerView
    /// Recommended views per model version.
    public let recommendedByModelVersion: [String: LicenceCostPerView]
    /// Recommended views per period of the answer's event time, by the period's start (ISO-8601).
    public let recommendedByPeriod: [String: LicenceCostPerView]

    /// Summarises the licence cost of the views in `events` and of the recommended views `online` counted.
    /// - Parameters:
    ///   - events: the window's watch events (other kinds are ignored), in any order; duplicate lines count once.
    ///   - licenceCosts: licence fee per view per movie; movies without one are left out of sums and counts.
    ///   - online: the online metric over the same window, computed with the same fees.
    public init(events: [Event], licenceCosts: [MovieID: Double], online: OnlineEvaluationReport) {
        self.init(
            viewsByPeriod: Self.viewsByPeriod(events: events, licenceCosts: licenceCosts, periodSeconds: online.configuration.periodSeconds),
            online: online)
    }

    /// Summarises views counted per period (by the period's start, microseconds of event time) and the recommended
    /// views `online` counted.
    public init(viewsByPeriod: [Int64: LicenceCostPerView], online: OnlineEvaluationReport) {
        var all = LicenceCostPerView()
        for period in viewsByPeriod.keys.sorted() { viewsByPeriod[period].map { all.merge($0) } }
        self.all = all
        allByPeriod = Dictionary(uniqueKeysWithValues: viewsByPeriod.map { (EventTime(microseconds: $0.key).iso8601, $0.value) })
        recommended = LicenceCostPerView(online.overall)
        recommendedByModelVersion = Dictionary(uniqueKeysWithValues: online.byModelVersion.map { ($0.key, LicenceCostPerView($0)) })
        recommendedByPeriod = Dictionary(uniqueKeysWithValues: online.byPeriod.map { ($0.key, LicenceCostPerView($0)) })
    }

    /// The views in `events` per period of `periodSeconds`, by the period's start (microseconds of event time): each
    /// user's first watch of a movie in the period, costing the movie's fee in `licenceCosts`.
    public static func viewsByPeriod(events: [Event], licenceCosts: [MovieID: Double], periodSeconds: Double) -> [Int64: LicenceCostPerView] {
        let periodMicroseconds = max(1, Int64((periodSeconds * 1_000_000).rounded()))
        var byPeriod: [Int64: LicenceCostPerView] = [:]
        var seen: Set<Viewing> = []
        // In event-time order (ties in input order), so that fees are added in the same order on every run.
        let watches = events.filter { if case .watch = $0.kind { true } else { false } }
        for event in watches.enumerated().sorted(by: { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }).map(\.element) {
            guard case .watch(let movie, _) = event.kind else { continue }
            let period = event.time.microseconds.floored(to: periodMicroseconds)
            guard seen.insert(Viewing(user: event.user, movie: movie, period: period)).inserted else { continue }
            byPeriod[period, default: LicenceCostPerView()].add(fee: licenceCosts[movie])
        }
        return byPeriod
    }

    /// Recommended cost per view divided by the cost per view of everything watched: above 1, what we recommend costs
    /// more to licence than what users watch overall; `nil` while either is unknown or the latter is 0.
    public var recommendedCostRatio: Double? {
        guard let recommended = recommended.costPerView, let all = all.costPerView, all > 0 else { return nil }
        return recommended / all
    }

    /// A user's viewing of a movie in a period.
    private struct Viewing: Hashable {
        var user: UserID
        var movie: MovieID
        var period: Int64
    }
}
