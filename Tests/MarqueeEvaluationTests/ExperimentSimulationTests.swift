import MarqueeCore
import MarqueeEvaluation
import MarqueeSimulator
import Testing

/// The decision procedure on simulated experiments with a seeded generator: its error rates must be the planned ones.
struct ExperimentSimulationTests {
    /// Runs `runs` experiments of `perArm` trials per arm at the given true rates and counts each final status.
    private func simulate(control: Double, treatment: Double, perArm: Int, runs: Int, seed: UInt64) throws -> [String: Int] {
        var generator = SplitMix64(seed: seed)
        var counts: [String: Int] = [:]
        for _ in 0..<runs {
            let analysis = try ExperimentAnalysis(
                control: ProportionEstimate(successes: generator.binomial(trials: perArm, rate: control), trials: perArm),
                treatment: ProportionEstimate(successes: generator.binomial(trials: perArm, rate: treatment), trials: perArm),
                plannedPerArm: perArm)
            counts[analysis.status.state, default: 0] += 1
        }
        return counts
    }

    @Test func aaExperimentsDeclareAWinnerAboutAlphaOfTheTime() throws {
        // Given 1000 A/A experiments at the size planned for 0.30 → 0.36
        let perArm = try requiredSampleSize(baseline: 0.30, effect: 0.06)
        let runs = 1000
        let counts = try simulate(control: 0.30, treatment: 0.30, perArm: perArm, runs: runs, seed: 2024)
        // Then the false-positive rate is near alpha = 0.05 (binomial sd 0.007)
        let falsePositives = counts["treatment_better", default: 0] + counts["control_better", default: 0]
        let rate = Double(falsePositives) / Double(runs)
        #expect(rate >= 0.02 && rate <= 0.08, "false-positive rate \(rate)")
        #expect(counts["collecting", default: 0] == 0)
    }

    @Test func realDifferenceIsDetectedWithThePlannedPower() throws {
        // Given 400 experiments with a real rise 0.30 → 0.36 at the size planned for power 0.8
        let perArm = try requiredSampleSize(baseline: 0.30, effect: 0.06)
        let runs = 400
        let counts = try simulate(control: 0.30, treatment: 0.36, perArm: perArm, runs: runs, seed: 7)
        // Then the treatment wins in at least 70 % of them, and the control (almost) never
        let power = Double(counts["treatment_better", default: 0]) / Double(runs)
        #expect(power >= 0.70, "power \(power)")
        #expect(counts["control_better", default: 0] <= 1)
    }
}
