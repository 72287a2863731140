import Foundation
import MarqueeModels

/// The trials of one search so far, and whether its budget lets another start.
struct TrialRun {
    let budget: SearchBudget
    /// Seconds since the search started.
    let elapsedSeconds: () -> Double
    var trials: [SearchTrial] = []
    var stoppedBy = SearchResult.Stop.trials

    /// Whether trial `number` may start: the base always does; others only while the time budget lasts.
    mutating func mayStart(number: Int) -> Bool {
        guard number > 0, elapsedSeconds() >= budget.seconds else { return true }
        stoppedBy = .time
        return false
    }
}

extension ModelSearch {
    /// The iterations of successive halving's three rungs (a ninth, a third, all of the space's largest `iterations`
    /// choice), or `nil` when the space has no `iterations` choice.
    public var halvingRungs: [Int]? {
        guard let full = iterationChoices.compactMap({ Int($0) }).max(), full >= 9 else { return nil }
        return [(full + 8) / 9, (full + 2) / 3, full]
    }

    /// The options of the space's `iterations` choice, or none.
    private var iterationChoices: [String] {
        guard let dimension = space.dimensions.first(where: { $0.key == "iterations" }), case .choice(let options) = dimension.values else {
            return []
        }
        return options
    }

    /// How many sampled configurations successive halving starts with: as many as the work of the budget's random
    /// trials (each trains the mean of the `iterations` choices) pays for, at least the budget's trials.
    func halvingConfigurations(rungs: [Int]) -> Int {
        let choices = iterationChoices.compactMap { Double($0) }
        let mean = choices.reduce(0, +) / Double(max(1, choices.count))
        let work = Double(budget.trials - 1) * mean
        let perConfiguration = Double(rungs[0]) + Double(rungs[1]) / 3 + Double(rungs[2]) / 9
        return max(budget.trials - 1, Int(work / perConfiguration))
    }

    /// Runs successive halving into `run`: the base fully, then the sampled configurations rung by rung, each rung
    /// keeping the best third (ties to the earlier trial). Returns the indices of the trials the choice is made among:
    /// the base's and the last rung's (only the base's when the time budget ends the search before the last rung).
    func halve(
        rungs: [Int], into run: inout TrialRun, train: (Int, [String: String]) -> SearchTrial
    ) -> Set<Int> {
        var finalists: Set<Int> = [0]
        run.trials.append(train(0, parameters(ofTrial: 0)))
        var alive = Array(1...halvingConfigurations(rungs: rungs))
        for (rung, iterations) in rungs.enumerated() {
            var scores: [(number: Int, score: Double)] = []
            for number in alive {
                guard run.mayStart(number: number) else { return finalists }
                var parameters = parameters(ofTrial: number)
                parameters["iterations"] = String(iterations)
                let trial = train(number, parameters)
                if rung == rungs.count - 1 { finalists.insert(run.trials.count) }
                run.trials.append(trial)
                if let score = trial.validationNDCG20 { scores.append((number, score)) }
            }
            scores.sort { ($0.score, -$0.number) > ($1.score, -$1.number) }
            alive = scores.prefix(max(1, (alive.count + 2) / 3)).map(\.number)
        }
        return finalists
    }
}
