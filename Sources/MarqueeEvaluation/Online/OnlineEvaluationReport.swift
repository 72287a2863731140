/// The online metric of served answers, overall and grouped by model version, route and period; encodes to JSON.
public struct OnlineEvaluationReport: Hashable, Sendable, Codable {
    /// The metric's definition: metric, telemetry, operationalisation.
    public let definition: String
    /// The settings used.
    public let configuration: OnlineEvaluationConfiguration
    /// The end of the observed data (ISO-8601 event time); `nil` when there were no data.
    public let observedUntil: String?
    /// Answers left out because their window is not over by ``observedUntil``.
    public let pendingAnswers: Int
    /// Every answer whose window is over.
    public let overall: OnlineMetricGroup
    /// One group per model version, by version.
    public let byModelVersion: [OnlineMetricGroup]
    /// One group per route, by route.
    public let byRoute: [OnlineMetricGroup]
    /// One group per period of the answers' event time, by start; periods without answers are absent.
    public let byPeriod: [OnlineMetricGroup]
    /// Per route, each user's share of followed answers: the unit that routing randomises. Answers of one user are
    /// correlated, so comparisons of routes are valid over these, not over answers (see ``userLevelComparison(control:treatment:)``).
    /// Not encoded.
    public var userFollowThroughByRoute: [String: [Double]] = [:]
    /// Per model version, one group per period of the answers' event time, by start: each version's metric over time.
    /// Not encoded.
    public var byModelVersionAndPeriod: [String: [OnlineMetricGroup]] = [:]

    /// Leaves out the per-user rates and the per-version periods, which are for the experiment analysis, not the report;
    /// written in snake case by ``MarqueeCore/JSONEncoder/marquee(outputFormatting:)``.
    enum CodingKeys: String, CodingKey {
        case definition, configuration, observedUntil, pendingAnswers, overall, byModelVersion, byRoute, byPeriod
    }

    init(
        configuration: OnlineEvaluationConfiguration, observedUntil: String?, pendingAnswers: Int, overall: OnlineMetricGroup,
        byModelVersion: [OnlineMetricGroup], byRoute: [OnlineMetricGroup], byPeriod: [OnlineMetricGroup]
    ) {
        definition = configuration.definition
        self.configuration = configuration
        self.observedUntil = observedUntil
        self.pendingAnswers = pendingAnswers
        self.overall = overall
        self.byModelVersion = byModelVersion
        self.byRoute = byRoute
        self.byPeriod = byPeriod
    }

    /// The group of model version `version`, if any answer came from it.
    public func group(modelVersion version: String) -> OnlineMetricGroup? { byModelVersion.first { $0.key == version } }

    /// The group of route `route`, if any answer took it.
    public func group(route: String) -> OnlineMetricGroup? { byRoute.first { $0.key == route } }

    /// Welch's t-test of the per-user follow-through of route `treatment` against route `control`: the comparison
    /// that stays valid when users answer several times; `nil` while either route has fewer than 2 users.
    public func userLevelComparison(control: String, treatment: String, confidence: Double = 0.95) -> WelchTTest? {
        guard let controlRates = userFollowThroughByRoute[control], let treatmentRates = userFollowThroughByRoute[treatment],
            controlRates.count >= 2, treatmentRates.count >= 2
        else { return nil }
        do throws(EvaluationError) {
            return try WelchTTest(
                control: try MeanEstimate(sample: controlRates, confidence: confidence),
                treatment: try MeanEstimate(sample: treatmentRates, confidence: confidence), confidence: confidence)
        } catch {
            return nil
        }
    }
}
