/// A gauge the ``QualityMonitor`` exports as `marquee_<name>`, with its help text.
public struct QualityGauge: Hashable, Sendable {
    /// The name after `marquee_`.
    public let name: String
    public let help: String

    public static let storedEvents = QualityGauge(name: "stored_events", help: "Events stored from the log.")
    public static let quarantinedLines = QualityGauge(name: "quarantined_lines", help: "Log lines in the quarantine, by rejection reason.")
    public static let logAvailability = QualityGauge(
        name: "log_availability_ratio",
        help: "Share of the last hour's logged recommendation requests (event time) that got status 200, as the service saw it.")
    public static let driftPSI = QualityGauge(
        name: "drift_psi", help: "Population stability index of the recent window against the newest model's snapshot, per drift check.")
    public static let driftDetected = QualityGauge(
        name: "drift_detected",
        help: "1 when the drift check reports drift (PSI above threshold and its chi-square or Kolmogorov-Smirnov test significant).")
    public static let dataMetric = QualityGauge(
        name: "data_metric", help: "Observed value of each data expectation's metric on the data since the newest snapshot.")
    public static let dataExpectationFailed = QualityGauge(
        name: "data_expectation_failed",
        help: "1 when the data since the newest snapshot fails the expectation (blocking: the pipeline refuses it).")
    public static let onlineFollowThrough = QualityGauge(
        name: "online_follow_through_ratio",
        help: "Share of the online window's answers (logged in the 6 h of event time ending one attribution window before the latest request) "
            + "whose user started a recommended movie within the attribution window.")
    public static let onlineFollowThroughByVersion = QualityGauge(
        name: "online_follow_through_by_version_ratio", help: "The online follow-through per model version (canary and A/B arms included).")
    public static let licenceCostPerView = QualityGauge(
        name: "licence_cost_per_view",
        help: "Mean licence fee (USD) per view of everything watched in the online window: a view is a user's first watch of a movie; "
            + "views of movies without a known fee are left out.")
    public static let licenceFeeKnown = QualityGauge(
        name: "licence_fee_known_ratio",
        help: "Share of the online window's views whose movie has a known licence fee (the cost gauges cover those only).")
    public static let recommendedLicenceCostPerView = QualityGauge(
        name: "recommended_licence_cost_per_view",
        help: "Mean licence fee (USD) per recommended view: a recommended movie watched in an answer's attribution window, once per movie "
            + "and answer, over the online window's answers; views of movies without a known fee are left out.")
    public static let recommendedLicenceCostPerViewByVersion = QualityGauge(
        name: "recommended_licence_cost_per_view_by_version",
        help: "The licence fee (USD) per recommended view per model version (canary and A/B arms included).")
    public static let recommendedCostedViews = QualityGauge(
        name: "recommended_costed_views",
        help: "Recommended views with a known licence fee in the online window: the sample of the recommended cost per view.")

    public static let fairnessGap = QualityGauge(
        name: "fairness_gap_points",
        help: "Online follow-through of the best demographic group minus the worst (groups with at least 100 answers), in points, per dimension.")
    public static let exposureGini = QualityGauge(
        name: "exposure_gini", help: "Gini coefficient of recommendation slots over catalogue movies in the fairness window (0 even, 1 one movie).")
    public static let catalogueCoverage = QualityGauge(
        name: "catalogue_coverage_ratio", help: "Share of catalogue movies recommended at least once in the fairness window.")

    /// Every gauge the monitor may export.
    public static let all: [QualityGauge] = [
        .storedEvents, .quarantinedLines, .logAvailability, .driftPSI, .driftDetected, .dataMetric, .dataExpectationFailed, .onlineFollowThrough,
        .onlineFollowThroughByVersion, .licenceCostPerView, .licenceFeeKnown, .recommendedLicenceCostPerView,
        .recommendedLicenceCostPerViewByVersion, .recommendedCostedViews, .fairnessGap, .exposureGini, .catalogueCoverage,
    ]
}
