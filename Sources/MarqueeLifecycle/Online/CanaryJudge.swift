import Foundation
import MarqueeEvaluation

/// Decides whether a canary is promoted or rolled back, from the online metric of the canary and production routes.
///
/// Before ``minimumAnswers`` canary answers (whose 24-hour window has closed) it waits. Then it rolls back when the
/// canary's follow-through is significantly lower than production's (two-proportion z-test at ``alpha``) or lower by
/// more than ``margin`` in absolute terms, or when its fallback share breaks the SLO; otherwise it promotes. Every
/// decision carries its evidence as text for the registry.
public struct CanaryJudge: Sendable {
    /// The least canary answers before deciding.
    public var minimumAnswers: Int
    /// How much lower (absolute) the canary's follow-through may be without a rollback.
    public var margin: Double
    /// Significance level of the test for "worse".
    public var alpha: Double
    /// The largest share of canary answers that may come from the deadline fallback.
    public var maximumFallbackShare: Double

    /// Creates a judge.
    public init(minimumAnswers: Int = 200, margin: Double = 0.03, alpha: Double = 0.05, maximumFallbackShare: Double = 0.01) {
        self.minimumAnswers = minimumAnswers
        self.margin = margin
        self.alpha = alpha
        self.maximumFallbackShare = maximumFallbackShare
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

    /// Judges the canary from `canary` and `production`'s follow-through, and the canary's fallback share.
    public func judge(canary: ProportionEstimate, production: ProportionEstimate, canaryFallbackShare: Double = 0) -> Decision {
        let summary =
            "canary followed \(Self.percent(canary.rate)) of \(canary.trials) answers, production \(Self.percent(production.rate)) of \(production.trials)"
        guard canary.trials >= minimumAnswers, production.trials >= minimumAnswers else {
            return .wait("\(summary); waiting for \(minimumAnswers) answers in each")
        }
        if canaryFallbackShare > maximumFallbackShare {
            return .rollBack("\(summary); \(Self.percent(canaryFallbackShare)) of canary answers missed the deadline (SLO \(Self.percent(maximumFallbackShare)))")
        }
        let test = try? TwoProportionZTest(control: production, treatment: canary, confidence: 1 - alpha)
        if let test, test.difference < 0, test.isSignificant(alpha: alpha) {
            return .rollBack("\(summary); significantly worse (z = \(String(format: "%.2f", test.z)), p = \(String(format: "%.4f", test.pValue)))")
        }
        if canary.rate < production.rate - margin {
            return .rollBack("\(summary); lower by more than the \(Self.percent(margin)) margin")
        }
        let p = test.map { String(format: "%.4f", $0.pValue) } ?? "n/a"
        return .promote("\(summary); not worse beyond the \(Self.percent(margin)) margin (p = \(p))")
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
