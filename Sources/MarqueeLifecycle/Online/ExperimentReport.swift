import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeStore

/// Where an A/B experiment stands, from the store: each arm's online metric, the two-proportion z-test with the
/// no-peeking rule and minimum detectable effect (``ExperimentAnalysis``), the same comparison per user (the unit the
/// hash randomises, robust to users answered several times), and Welch's t-test of the ratings.
public struct ExperimentReport: Sendable {
    /// The experiment.
    public let experiment: ExperimentRecord
    /// The z-test of the main metric, deciding only at the planned size.
    public let analysis: ExperimentAnalysis
    /// Welch's t-test of the per-user follow-through, treatment against control; `nil` with fewer than 2 users per arm.
    public let perUser: WelchTTest?
    /// Welch's t-test of the ratings of watched recommended movies; `nil` with fewer than 2 ratings per arm.
    public let ratings: WelchTTest?
    /// The arms' online metric groups.
    public let control: OnlineMetricGroup?
    public let treatment: OnlineMetricGroup?
    /// How each arm's recommendation lists spread over the catalogue (coverage, Gini).
    public let controlExposure: ExposureFairness?
    public let treatmentExposure: ExposureFairness?

    /// Computes the report of `experiment` from `store`.
    public static func of(
        _ experiment: ExperimentRecord, in store: any EventStore & TelemetryStore, configuration: OnlineEvaluationConfiguration = .init()
    ) async throws -> ExperimentReport {
        let (controlRoute, treatmentRoute) = (
            Route.experiment(experiment.name, arm: .control).text, Route.experiment(experiment.name, arm: .treatment).text
        )
        let loader = OnlineReportLoader(store: store, configuration: configuration)
        let answers = try await loader.answers(since: experiment.since, telemetryFrom: experiment.startedAt) { Route.isArm($0, of: experiment.name) }
        let online = try await loader.report(of: answers, since: experiment.since)
        let control = online.group(route: controlRoute)
        let treatment = online.group(route: treatmentRoute)
        let empty = try ProportionEstimate(successes: 0, trials: 0)
        let analysis = try ExperimentAnalysis(
            control: control?.followed ?? empty, treatment: treatment?.followed ?? empty, plannedPerArm: experiment.plannedPerArm)
        var ratings: WelchTTest?
        if let controlRatings = control?.rating, let treatmentRatings = treatment?.rating {
            ratings = try? WelchTTest(control: controlRatings, treatment: treatmentRatings)
        }
        let catalogue = try await store.movies()
        func exposure(_ route: String) -> ExposureFairness? {
            let lists = answers.filter { $0.route == route }.map(\.movies)
            return lists.isEmpty ? nil : ExposureFairness.measure(recommended: lists, catalogue: catalogue, watched: [:])
        }
        return ExperimentReport(
            experiment: experiment, analysis: analysis,
            perUser: online.userLevelComparison(control: controlRoute, treatment: treatmentRoute), ratings: ratings,
            control: control, treatment: treatment, controlExposure: exposure(controlRoute), treatmentExposure: exposure(treatmentRoute))
    }

    /// A few lines for people.
    public var text: String {
        func arm(_ name: String, _ version: String, _ estimate: ProportionEstimate) -> String {
            "\(name) \(version): "
                + String(
                    format: "followed %.1f %% [%.1f, %.1f] of %d answers", estimate.rate * 100, estimate.interval.lower * 100,
                    estimate.interval.upper * 100, estimate.trials)
        }
        var lines = [
            "experiment \(experiment.name)\(experiment.stoppedAt == nil ? " (running)" : " (stopped)"): \(Int(experiment.share * 100)) % of users in the treatment, \(experiment.plannedPerArm) answers per arm planned",
            arm("  control  ", experiment.control, analysis.control), arm("  treatment", experiment.treatment, analysis.treatment),
        ]
        if let test = analysis.test {
            lines.append(String(format: "  z-test: difference %+.1f points, z = %.2f, p = %.4f", test.difference * 100, test.z, test.pValue))
        }
        if let control = controlExposure, let treatment = treatmentExposure {
            lines.append(
                String(
                    format: "  exposure: catalogue coverage control %.1f %%, treatment %.1f %%; Gini control %.3f, treatment %.3f",
                    control.coverage * 100,
                    treatment.coverage * 100, control.gini, treatment.gini))
        }
        if let control = control?.costPerWatchedMinute, let treatment = treatment?.costPerWatchedMinute {
            lines.append(
                String(
                    format: "  licence cost per watched minute: control %.4f USD, treatment %.4f USD (%+.1f %%)", control, treatment,
                    (treatment / control - 1) * 100))
        }
        if let mde = analysis.minimumDetectableEffect { lines.append(String(format: "  minimum detectable effect now: %.1f points", mde * 100)) }
        if let perUser {
            lines.append(String(format: "  per user (Welch): difference %+.1f points, p = %.4f", perUser.difference * 100, perUser.pValue))
        }
        if let ratings { lines.append(String(format: "  ratings (Welch): difference %+.2f, p = %.4f", ratings.difference, ratings.pValue)) }
        switch analysis.status {
        case .collecting(let remaining):
            lines.append("  status: collecting; \(remaining) more answers per arm before any conclusion (no peeking)")
        default:
            lines.append("  status: \(analysis.status.state)")
        }
        return lines.joined(separator: "\n")
    }
}
