import MarqueeEvaluation
import MarqueeLifecycle
import Testing

struct CanaryJudgeTests {
    private let judge = CanaryJudge(minimumAnswers: 100, promotion: .withinMargin, margin: 0.03, alpha: 0.05)
    private let nonInferiorJudge = CanaryJudge(minimumAnswers: 100, promotion: .nonInferior, maximumAnswers: 10_000, margin: 0.03, alpha: 0.05)

    private func rates(_ values: [Double], repeating count: Int) -> [Double] {
        Array(repeating: values, count: count).flatMap { $0 }
    }

    private func welch(production: [Double], canary: [Double]) throws -> WelchTTest {
        try WelchTTest(control: try MeanEstimate(sample: production), treatment: try MeanEstimate(sample: canary))
    }

    @Test func waitsUntilBothRoutesHaveEnoughAnswers() throws {
        let decision = judge.judge(
            canary: try ProportionEstimate(successes: 10, trials: 20), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: nil)
        guard case .wait = decision else { Issue.record("expected to wait, got \(decision)"); return }
    }

    @Test func rollsBackACanaryThatCannotBeComparedAfterTheMaximum() throws {
        let decision = judge.judge(
            canary: try ProportionEstimate(successes: 200, trials: 400), production: try ProportionEstimate(successes: 10, trials: 20),
            userLevel: nil)
        guard case .rollBack(let evidence) = decision else { Issue.record("expected a rollback, got \(decision)"); return }
        #expect(evidence.contains("not comparable"))
    }

    @Test func rollsBackASignificantlyWorseCanary() throws {
        let test = try welch(production: rates([1, 1, 0.5, 1, 0], repeating: 60), canary: rates([0, 0.5, 0, 1, 0], repeating: 30))
        let decision = judge.judge(
            canary: try ProportionEstimate(successes: 45, trials: 150), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test)
        guard case .rollBack(let evidence) = decision else { Issue.record("expected a rollback, got \(decision)"); return }
        #expect(evidence.contains("significantly worse") && evidence.contains("p = "))
    }

    @Test func promotesACanaryThatIsNotWorseBeyondTheMargin() throws {
        let test = try welch(production: rates([1, 0, 1, 0.5], repeating: 60), canary: rates([1, 0.5, 1, 0], repeating: 30))
        let decision = judge.judge(
            canary: try ProportionEstimate(successes: 105, trials: 150), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test)
        guard case .promote = decision else { Issue.record("expected a promotion, got \(decision)"); return }
    }

    @Test func rollsBackWhenTheFallbackShareBreaksTheSLO() throws {
        let test = try welch(production: rates([1, 0, 1, 0.5], repeating: 60), canary: rates([1, 0.5, 1, 0], repeating: 30))
        let decision = judge.judge(
            canary: try ProportionEstimate(successes: 105, trials: 150), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test, canaryFallbackShare: 0.2)
        guard case .rollBack(let evidence) = decision else { Issue.record("expected a rollback, got \(decision)"); return }
        #expect(evidence.contains("deadline"))
    }

    @Test func rollsBackWhenTheLatencyBreaksTheSLO() throws {
        let test = try welch(production: rates([1, 0, 1, 0.5], repeating: 60), canary: rates([1, 0.5, 1, 0], repeating: 30))
        let decision = judge.judge(
            canary: try ProportionEstimate(successes: 105, trials: 150), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test, canaryLatencyP99Milliseconds: 250)
        guard case .rollBack(let evidence) = decision else { Issue.record("expected a rollback, got \(decision)"); return }
        #expect(evidence.contains("SLO"))
    }

    @Test func waitsWhenBelowTheMarginButNotSignificantlyThenRollsBackAtTheMaximum() throws {
        // 5 points lower per user, on few and noisy users: not significant
        let test = try welch(production: rates([1, 0, 1, 0, 0.9], repeating: 6), canary: rates([1, 0, 1, 0, 0.65], repeating: 6))
        let early = judge.judge(
            canary: try ProportionEstimate(successes: 70, trials: 120), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test)
        guard case .wait = early else { Issue.record("expected to wait, got \(early)"); return }
        let late = judge.judge(
            canary: try ProportionEstimate(successes: 230, trials: 400), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test)
        guard case .rollBack = late else { Issue.record("expected a rollback at the maximum, got \(late)"); return }
    }

    @Test func aNonInferiorJudgeWaitsWhileItsIntervalReachesBelowTheMarginThenRollsBackAtTheMaximum() throws {
        // Equal follow-through, but only 30 canary users: the always-valid interval is far wider than the margin.
        let test = try welch(production: rates([1, 0, 1, 0.5], repeating: 60), canary: rates([1, 0.5, 1, 0], repeating: 30))
        let early = nonInferiorJudge.judge(
            canary: try ProportionEstimate(successes: 105, trials: 150), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test)
        guard case .wait(let evidence) = early else { Issue.record("expected to wait, got \(early)"); return }
        #expect(evidence.contains("always-valid 95 % interval"))
        let late = nonInferiorJudge.judge(
            canary: try ProportionEstimate(successes: 7_000, trials: 10_000), production: try ProportionEstimate(successes: 700, trials: 1_000),
            userLevel: test)
        guard case .rollBack = late else { Issue.record("expected a rollback at the maximum, got \(late)"); return }
    }

    @Test func aNonInferiorJudgePromotesOnceItsIntervalLiesAboveTheMargin() throws {
        let test = try welch(production: rates([1, 0, 1, 0.5], repeating: 3_000), canary: rates([1, 0.5, 1, 0], repeating: 1_500))
        let decision = nonInferiorJudge.judge(
            canary: try ProportionEstimate(successes: 4_000, trials: 6_000), production: try ProportionEstimate(successes: 8_000, trials: 12_000),
            userLevel: test)
        guard case .promote(let evidence) = decision else { Issue.record("expected a promotion, got \(decision)"); return }
        #expect(evidence.contains("shown to be less than 3.0 % worse"))
    }

    @Test func theDefaultJudgeRequiresNonInferiorityAndWaitsLongerBeforeGivingUp() {
        let judge = CanaryJudge()
        #expect(judge.promotion == .nonInferior)
        #expect(judge.maximumAnswers == 100 * judge.minimumAnswers)
        #expect(CanaryJudge(promotion: .withinMargin).maximumAnswers == 4 * judge.minimumAnswers)
    }
}
