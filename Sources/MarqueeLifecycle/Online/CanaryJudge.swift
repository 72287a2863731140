import Foundation
import MarqueeEvaluation

/// Decides whether a canary is promoted or rolled back, from the online metric of the canary and production routes.
///
/// Routing randomises users, not answers, and the answers of one user are correlated; so the test compares the
/// per-user follow-through of the two routes (Welch's t-test), not the pooled answers. The judge waits until both
/// routes have ``minimumAnswers`` answers whose 24-hour window has closed. Then it rolls back when the canary is
/// significantly worse at ``alpha``, or its fallback share or latency breaks the SLO; it promotes when it is not significantly
/// worse and its per-user follow-through is at most ``margin`` below production's (a point estimate, not a
/// non-inferiority test on the interval); in between (worse by more than the margin,
/// but not yet significantly) it waits for more data, and rolls back once ``maximumAnswers`` have not shown it
/// to be good enough. Every decision carries its evidence as text for the registry.
public struct CanaryJudge: Sendable {
    /// The least answers per route before deciding.
    public var minimumAnswers: Int
    /// The canary answers after which an undecided canary is rolled back.
    public var maximumAnswers: Int
    /// How much lower (absolute) the canary's follow-through may be and still be promoted.
    public var margin: Double
    /// Significance level of the test for "worse".
    public var alpha: Double
    /// The largest share of canary answers that may come from the deadline fallback.
    public var maximumFallbackShare: Double
    /// The latency SLO: the canary's 99th percentile answer time (server side) must stay below it.
    public var latencyP99Milliseconds: Double

    /// Creates a judge; `maximumAnswers` defaults to 4 × `minimumAnswers`.
    public init(
        minimumAnswers: Int = 200, maximumAnswers: Int? = nil, margin: Double = 0.03, alpha: Double = 0.05, maximumFallbackShare: Double = 0.01,
        latencyP99Milliseconds: Double = 100
    ) {
        self.minimumAnswers = minimumAnswers
        self.maximumAnswers = maximumAnswers ?? 4 * minimumAnswers
        self.margin = margin
        self.alpha = alpha
        self.maximumFallbackShare = maximumFallbackShare
        self.latencyP99Milliseconds = latencyP99Milliseconds
    }

    /// A decision and its evidence.
    public enum Decision: Hashable, Sendable {
        case wait(String)
        case promote(String)
        case rollBack(String)

        /// The evidence.
        public var evidence: String {
            switch self {
            case .wait(let text), .promote(let text), .rollBack(let text): text
            }
        }
    }

    /// Judges the canary from the follow-through of both routes, the user-level test of canary against production,
    /// and the canary's fallback share and 99th percentile latency.
    public func judge(
        canary: ProportionEstimate, production: ProportionEstimate, userLevel: WelchTTest?, canaryFallbackShare: Double = 0,
        canaryLatencyP99Milliseconds: Double = 0
    ) -> Decision {
        var summary =
            "canary followed \(Self.percent(canary.rate)) of \(canary.trials) answers, production \(Self.percent(production.rate)) of \(production.trials)"
        guard canary.trials >= minimumAnswers, production.trials >= minimumAnswers, let userLevel else {
            if canary.trials >= maximumAnswers {
                return .rollBack("\(summary); not comparable with production after \(canary.trials) canary answers")
            }
            return .wait("\(summary); waiting for \(minimumAnswers) answers in each")
        }
        summary += String(
            format: "; per user %+.1f points [%+.1f, %+.1f], p = %.4f", userLevel.difference * 100, userLevel.differenceInterval.lower * 100,
            userLevel.differenceInterval.upper * 100, userLevel.pValue)
        if canaryFallbackShare > maximumFallbackShare {
            return .rollBack("\(summary); \(Self.percent(canaryFallbackShare)) of canary answers missed the deadline (SLO \(Self.percent(maximumFallbackShare)))")
        }
        if canaryLatencyP99Milliseconds > latencyP99Milliseconds {
            return .rollBack(summary + String(format: "; p99 latency %.1f ms breaks the %.0f ms SLO", canaryLatencyP99Milliseconds, latencyP99Milliseconds))
        }
        if userLevel.difference < 0, userLevel.isSignificant(alpha: alpha) {
            return .rollBack("\(summary): significantly worse")
        }
        if userLevel.difference >= -margin {
            return .promote("\(summary): not significantly worse, within the \(Self.percent(margin)) margin")
        }
        if canary.trials >= maximumAnswers {
            return .rollBack("\(summary): still more than the \(Self.percent(margin)) margin below after \(canary.trials) answers")
        }
        return .wait("\(summary): below the margin but not significantly; waiting for more answers")
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
