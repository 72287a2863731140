import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeTestSupport
import Testing

/// Simulated canaries judged with the judge's real look schedule, to measure its error rates and power.
///
/// Each canary serves 5 % of the users who arrive (the `marquee run` default). A user gets 1–6 answers and follows each
/// with their own chance, uniform in [0.2, 1] (plus the canary's true difference, for canary users). The judge looks
/// after every 10 canary users until it decides: `marquee run` looks every 10 s, more often, but a look at unchanged
/// data repeats a decision rather than adding a chance to err.
@Suite(.dedicatedThreads)
struct CanaryJudgeSimulationTests {
    private struct Outcome {
        var promoted = 0
        var rolledBack = 0
        var share: (promoted: Double, rolledBack: Double) {
            let total = Double(promoted + rolledBack)
            return (Double(promoted) / total, Double(rolledBack) / total)
        }
    }

    /// Per-user follow-through accumulated as sufficient statistics, plus the answers behind them.
    private struct RouteTally {
        var users = 0
        var answers = 0
        var followed = 0
        var sum = 0.0
        var sumOfSquares = 0.0

        mutating func add(user answers: Int, followed: Int) {
            let rate = Double(followed) / Double(answers)
            users += 1
            self.answers += answers
            self.followed += followed
            sum += rate
            sumOfSquares += rate * rate
        }

        /// The mean per-user follow-through and its variance (unbiased).
        var moments: (mean: Double, variance: Double) {
            let mean = sum / Double(users)
            return (mean, max(0, (sumOfSquares - Double(users) * mean * mean) / Double(users - 1)))
        }

        /// Canary − production per-user follow-through and its (Welch) standard error.
        static func difference(_ canary: RouteTally, _ production: RouteTally) -> (difference: Double, standardError: Double) {
            let (c, p) = (canary.moments, production.moments)
            return (c.mean - p.mean, (c.variance / Double(canary.users) + p.variance / Double(production.users)).squareRoot())
        }

        func proportion() throws -> ProportionEstimate { try ProportionEstimate(successes: followed, trials: answers) }
    }

    private static func uniform(_ generator: inout SplitMix64) -> Double { Double(generator.next() >> 11) * 0x1.0p-53 }

    private static func addUser(to route: inout RouteTally, shift: Double, _ generator: inout SplitMix64) {
        let answers = 1 + Int(generator.next() % 6)
        let chance = min(1, max(0, 0.2 + 0.8 * uniform(&generator) + shift))
        var followed = 0
        for _ in 0..<answers where uniform(&generator) < chance { followed += 1 }
        route.add(user: answers, followed: followed)
    }

    /// Judges `canaries` simulated canaries whose follow-through differs from production's by `difference`, each until
    /// `decide` returns a decision; a canary still undecided after 40,000 canary answers counts as rolled back.
    private static func simulate(
        canaries: Int, difference: Double, seed: UInt64,
        decide: (_ canary: RouteTally, _ production: RouteTally) throws -> CanaryJudge.Decision
    ) throws -> Outcome {
        var generator = SplitMix64(seed: seed)
        var outcome = Outcome()
        for _ in 0..<canaries {
            var canary = RouteTally()
            var production = RouteTally()
            var decision = CanaryJudge.Decision.wait("no look yet")
            while case .wait = decision, canary.answers < 40_000 {
                for _ in 0..<10 {
                    addUser(to: &canary, shift: difference, &generator)
                    for _ in 0..<19 { addUser(to: &production, shift: 0, &generator) }
                }
                decision = try decide(canary, production)
            }
            if case .promote = decision { outcome.promoted += 1 } else { outcome.rolledBack += 1 }
        }
        return outcome
    }

    private static func judged(by judge: CanaryJudge) -> (RouteTally, RouteTally) throws -> CanaryJudge.Decision {
        { canary, production in
            judge.judge(canary: try canary.proportion(), production: try production.proportion(), perUser: RouteTally.difference(canary, production))
        }
    }

    /// The non-inferior rule with a fixed-size 95 % interval (difference ± 1.96 standard errors) at each look instead of
    /// the always-valid one: the judge's test before it became sequential, with hundreds of users per route.
    private static func fixedSizeNonInferior(canary: RouteTally, production: RouteTally) throws -> CanaryJudge.Decision {
        guard canary.answers >= 200, production.answers >= 200 else { return .wait("too few answers") }
        let (difference, standardError) = RouteTally.difference(canary, production)
        if difference + 1.96 * standardError < 0 { return .rollBack("significantly worse") }
        if difference - 1.96 * standardError > -0.03 { return .promote("within the margin") }
        return canary.answers >= 20_000 ? .rollBack("undecided") : .wait("undecided")
    }

    @Test func aNonInferiorJudgeRarelyRollsBackACanaryAsGoodAsProductionWhereRepeatedFixedSizeTestsOften() throws {
        let sequential = try Self.simulate(canaries: 1_000, difference: 0, seed: 1, decide: Self.judged(by: CanaryJudge()))
        #expect(sequential.share.rolledBack <= 0.05, "\(sequential.rolledBack) of 1,000 A/A canaries rolled back")
        let fixedSize = try Self.simulate(canaries: 1_000, difference: 0, seed: 1, decide: Self.fixedSizeNonInferior)
        #expect(fixedSize.share.rolledBack > 0.05, "\(fixedSize.rolledBack) of 1,000 A/A canaries rolled back by repeated fixed-size tests")
    }

    @Test func aNonInferiorJudgeRarelyPromotesACanaryWorseByTheMarginWhereRepeatedFixedSizeTestsOften() throws {
        let sequential = try Self.simulate(canaries: 1_000, difference: -0.03, seed: 2, decide: Self.judged(by: CanaryJudge()))
        #expect(sequential.share.promoted <= 0.05, "\(sequential.promoted) of 1,000 canaries 3 points worse promoted")
        let fixedSize = try Self.simulate(canaries: 1_000, difference: -0.03, seed: 2, decide: Self.fixedSizeNonInferior)
        #expect(fixedSize.share.promoted > 0.05, "\(fixedSize.promoted) of 1,000 canaries 3 points worse promoted by repeated fixed-size tests")
    }

    @Test func aNonInferiorJudgePromotesABetterCanaryAndRollsBackAClearlyWorseOne() throws {
        let better = try Self.simulate(canaries: 200, difference: 0.02, seed: 3, decide: Self.judged(by: CanaryJudge()))
        #expect(better.share.promoted >= 0.9, "\(better.promoted) of 200 canaries 2 points better promoted")
        let worse = try Self.simulate(canaries: 200, difference: -0.1, seed: 4, decide: Self.judged(by: CanaryJudge()))
        #expect(worse.share.rolledBack >= 0.95, "\(worse.rolledBack) of 200 canaries 10 points worse rolled back")
    }

    @Test func aWithinMarginJudgeOftenPromotesACanarySomewhatWorseThanProduction() throws {
        // The trade-off its documentation states: fast decisions, no guarantee against a canary 5 points worse.
        let outcome = try Self.simulate(
            canaries: 200, difference: -0.05, seed: 6, decide: Self.judged(by: CanaryJudge(promotion: .withinMargin)))
        #expect(outcome.share.promoted > 0.2, "\(outcome.promoted) of 200 canaries 5 points worse promoted")
        let clearlyWorse = try Self.simulate(
            canaries: 200, difference: -0.1, seed: 7, decide: Self.judged(by: CanaryJudge(promotion: .withinMargin)))
        #expect(clearlyWorse.share.rolledBack >= 0.8, "\(clearlyWorse.rolledBack) of 200 canaries 10 points worse rolled back")
    }
}
