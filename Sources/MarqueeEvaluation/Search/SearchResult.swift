import Foundation
import MarqueeModels

/// What a model search tried and chose.
public struct SearchResult: Sendable {
    /// Why the search stopped.
    public enum Stop: String, Hashable, Sendable {
        /// It ran every trial of its budget.
        case trials
        /// Its time budget ran out first.
        case time
    }

    /// The model kind searched.
    public var kind: String
    /// The space sampled.
    public var space: SearchSpace
    /// The seed of the samples.
    public var seed: UInt64
    /// The budget given.
    public var budget: SearchBudget
    /// How the validation split was carved from the training data.
    public var validation: SplitMethod
    /// Users scored on the validation split.
    public var validationUsers: Int
    /// Every trial, in order.
    public var trials: [SearchTrial]
    /// The trial with the highest validation NDCG@20 (the earliest on ties).
    public var best: SearchTrial
    /// Why it stopped.
    public var stoppedBy: Stop
    /// How configurations were picked (``SearchStrategy/random`` when halving does not apply to the kind).
    public var strategy: SearchStrategy = .random

    /// The hyperparameters to train with.
    public var chosenParameters: [String: String] { best.parameters }

    /// The base configuration's trial, when it trained.
    public var base: SearchTrial? { trials.first { $0.number == 0 && $0.validationNDCG20 != nil } }

    /// One line for the registry, e.g. `random search of als: 12 trials (budget 12 trials, 120 s), seed 42, …`.
    public var summary: String {
        let baseText = base?.validationNDCG20.map { ", base \(Self.format($0))" } ?? ""
        let name = strategy == .halving ? "successive halving" : "random search"
        return "\(name) of \(kind): \(trials.count) trials (budget \(budget.trials) trials, \(String(format: "%g", budget.seconds)) s, "
            + "stopped by \(stoppedBy.rawValue)), seed \(seed), \(validation.kind) validation of \(validationUsers) users; "
            + "chose trial \(best.number): \(best.describe(keys: space.keys)), validation NDCG@20 "
            + "\(Self.format(best.validationNDCG20 ?? 0))\(baseText)"
    }

    /// One line per trial, e.g. `search als trial 3: factors=16 … → validation NDCG@20 0.1234 (0.41 s)`.
    public var trialLines: [String] {
        trials.map { trial in
            let outcome = trial.validationNDCG20.map { "validation NDCG@20 \(Self.format($0))" } ?? "failed: \(trial.failure ?? "unknown")"
            return "search \(kind) trial \(trial.number)\(trial.number == 0 ? " (base)" : ""): \(trial.describe(keys: space.keys)) → \(outcome) "
                + "(\(Self.format(seconds: trial.seconds)) s)"
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.4f", value) }
    static func format(seconds: Double) -> String { String(format: "%.2f", seconds) }
}
