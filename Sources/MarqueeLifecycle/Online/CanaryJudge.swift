import Foundation
import MarqueeEvaluation

/// Decides whether a canary is promoted or rolled back, from the online metric of the canary and production routes.
///
/// Routing randomises users, not answers, and the answers of one user are correlated; so the judge compares the
/// per-user follow-through of the two routes (the difference of means and its Welch standard error), not the pooled
/// answers. It looks again every few seconds, so its test is always valid (``MixtureSequentialTest`` with mixing scale
/// ``mixingScale``): the chance of ever calling a canary as good as production significantly worse stays at most
/// ``alpha`` however many looks it takes, where a fixed-size test at each look would not.
///
/// The judge waits until both routes have ``minimumAnswers`` answers whose 24-hour window has closed. Then it rolls
/// back when the canary is significantly worse, or its fallback share or latency breaks the SLO. When it promotes
/// depends on ``promotion``:
/// - ``PromotionRule/nonInferior`` (the default): once the always-valid interval's lower bound is above −``margin``,
///   so a canary worse than production by the margin or more is promoted with chance at most ``alpha``. At 5 % of a
///   large service's users this takes a few thousand canary answers; an undecided canary is rolled back at
///   ``maximumAnswers``.
/// - ``PromotionRule/withinMargin``: as soon as the per-user point estimate is at most ``margin`` below production's
///   (not a test: a canary somewhat worse than production is often promoted). It decides within a few hundred answers,
///   for small deployments such as the demo; below the margin but not significantly worse it waits, and rolls back
///   once ``maximumAnswers`` have not shown the canary to be good enough.
///
/// `CanaryJudgeSimulationTests` measures both rules' error rates over 1,000 simulated canaries each. Every decision
/// carries its evidence as text for the registry.
public struct CanaryJudge: Sendable {
    /// The least answers per route before deciding.
    public var minimumAnswers: Int
    /// When a canary that is not significantly worse is promoted.
    public var promotion: PromotionRule
    /// The canary answers after which an undecided canary is rolled back.
    public var maximumAnswers: Int
    /// How much lower (absolute) the canary's follow-through may be and still be promoted.
    public var margin: Double
    /// Significance level of the test for "worse", over all looks at one canary.
    public var alpha: Double
    /// The mixing scale τ of the sequential test: the per-user difference in follow-through it is most sensitive to.
    public var mixingScale: Double
    /// The largest share of canary answers that may come from the deadline fallback.
    public var maximumFallbackShare: Double
    /// The latency SLO: the canary's 99th percentile answer time (server side) must stay below it.
    public var latencyP99Milliseconds: Double

    /// When a canary is good enough to promote.
    public enum PromotionRule: String, Hashable, Sendable, CaseIterable {
        /// The always-valid interval of the per-user difference lies above −margin.
        case nonInferior = "non-inferior"
        /// The per-user difference's point estimate is at least −margin.
        case withinMargin = "within-margin"
    }

    /// Creates a judge; `maximumAnswers` defaults to 100 × `minimumAnswers` for ``PromotionRule/nonInferior`` and
    /// 4 × `minimumAnswers` for ``PromotionRule/withinMargin``.
    public init(
        minimumAnswers: Int = 200, promotion: PromotionRule = .nonInferior, maximumAnswers: Int? = nil, margin: Double = 0.03,
        alpha: Double = 0.05, maximumFallbackShare: Double = 0.01, latencyP99Milliseconds: Double = 100, mixingScale: Double = 0.05
    ) {
        self.minimumAnswers = minimumAnswers
        self.promotion = promotion
        self.maximumAnswers = maximumAnswers ?? (promotion == .nonInferior ? 100 : 4) * minimumAnswers
        self.margin = margin
        self.alpha = alpha
        self.mixingScale = mixingScale
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

    /// Judges the canary from the follow-through of both routes, the user-level comparison of canary against production
    /// (its difference and standard error feed the sequential test), and the canary's fallback share and 99th
    /// percentile latency.
    public func judge(
        canary: ProportionEstimate, production: ProportionEstimate, userLevel: WelchTTest?, canaryFallbackShare: Double = 0,
        canaryLatencyP99Milliseconds: Double = 0
    ) -> Decision {
        judge(
            canary: canary, production: production, perUser: userLevel.map { ($0.difference, $0.standardError) },
            canaryFallbackShare: canaryFallbackShare, canaryLatencyP99Milliseconds: canaryLatencyP99Milliseconds)
    }

    /// Judges the canary as ``judge(canary:production:userLevel:canaryFallbackShare:canaryLatencyP99Milliseconds:)``
    /// does, from the per-user difference (canary − production) and its standard error; `nil` while not comparable.
    public func judge(
        canary: ProportionEstimate, production: ProportionEstimate, perUser userLevel: (difference: Double, standardError: Double)?,
        canaryFallbackShare: Double = 0, canaryLatencyP99Milliseconds: Double = 0
    ) -> Decision {
        var summary =
            "canary followed \(Self.percent(canary.rate)) of \(canary.trials) answers, production \(Self.percent(production.rate)) of \(production.trials)"
        guard canary.trials >= minimumAnswers, production.trials >= minimumAnswers, let userLevel,
            let sequential = try? MixtureSequentialTest(
                difference: userLevel.difference, standardError: userLevel.standardError, mixingScale: mixingScale, alpha: alpha)
        else {
            if canary.trials >= maximumAnswers {
                return .rollBack("\(summary); not comparable with production after \(canary.trials) canary answers")
            }
            return .wait("\(summary); waiting for \(minimumAnswers) answers in each")
        }
        summary += String(
            format: "; per user %+.1f points, always-valid %.0f %% interval [%+.1f, %+.1f], p = %.4f", sequential.difference * 100,
            sequential.interval.confidence * 100, sequential.interval.lower * 100, sequential.interval.upper * 100, sequential.pValue)
        if canaryFallbackShare > maximumFallbackShare {
            return .rollBack(
                "\(summary); \(Self.percent(canaryFallbackShare)) of canary answers missed the deadline (SLO \(Self.percent(maximumFallbackShare)))")
        }
        if canaryLatencyP99Milliseconds > latencyP99Milliseconds {
            return .rollBack(
                summary + String(format: "; p99 latency %.1f ms breaks the %.0f ms SLO", canaryLatencyP99Milliseconds, latencyP99Milliseconds))
        }
        if sequential.difference < 0, sequential.isSignificant {
            return .rollBack("\(summary): significantly worse")
        }
        switch promotion {
        case .nonInferior where sequential.interval.lower > -margin:
            return .promote("\(summary): shown to be less than \(Self.percent(margin)) worse")
        case .withinMargin where sequential.difference >= -margin:
            return .promote("\(summary): not significantly worse, within the \(Self.percent(margin)) margin")
        default:
            break
        }
        if canary.trials >= maximumAnswers {
            return .rollBack("\(summary): not shown to be within the \(Self.percent(margin)) margin after \(canary.trials) answers")
        }
        return .wait("\(summary): not yet shown to be within the \(Self.percent(margin)) margin; waiting for more answers")
    }

    static func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
