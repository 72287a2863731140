import Foundation
import MarqueeCore
import MarqueeModels

/// A model search on one split's training part, then the chosen and the base configurations trained on that training
/// part and scored on its test part: what `marquee tune` prints.
///
/// JSON: `{"model", "split": {…as marquee evaluate…}, "validation": {"kind", "users"}, "budget": {"trials", "seconds"},
/// "seed", "space", "stopped_by", "trials": [{"trial", "parameters", "validation_ndcg@20", "seconds", "failure"?}],
/// "chosen": {"trial", "parameters", "validation_ndcg@20", "test_ndcg@20"}, "base": {…the same…}}`.
public struct SearchReport: Hashable, Sendable, Codable {
    /// One trial as reported.
    public struct Trial: Hashable, Sendable, Codable {
        /// The trial's number, 0 for the base configuration.
        public var trial: Int
        /// The searched hyperparameters' values.
        public var parameters: [String: String]
        /// NDCG@20 on the validation split; `nil` when training failed.
        public var validationNDCG20: Double?
        /// Seconds to train and score.
        public var seconds: Double
        /// Why training failed, if it did.
        public var failure: String?

        enum CodingKeys: String, CodingKey {
            case trial, parameters, seconds, failure
            case validationNDCG20 = "validation_ndcg@20"
        }
    }

    /// A configuration scored on validation and on test.
    public struct Scored: Hashable, Sendable, Codable {
        /// The trial's number.
        public var trial: Int
        /// Every hyperparameter passed to ``MarqueeModels/ModelKinds/trainer(kind:parameters:)``.
        public var parameters: [String: String]
        /// NDCG@20 on the validation split carved from the training part.
        public var validationNDCG20: Double
        /// NDCG@20 on the test part, trained on the whole training part.
        public var testNDCG20: Double

        enum CodingKeys: String, CodingKey {
            case trial, parameters
            case validationNDCG20 = "validation_ndcg@20"
            case testNDCG20 = "test_ndcg@20"
        }
    }

    /// The validation split's method and size.
    public struct Validation: Hashable, Sendable, Codable {
        /// `global` or `per-user`.
        public var kind: String
        /// Users scored on it.
        public var users: Int
    }

    /// The model kind searched.
    public var model: String
    /// The split whose training part was searched and whose test part scores the choice.
    public var split: ComparisonReport.Split
    /// The validation split carved from the training part.
    public var validation: Validation
    /// The budget given.
    public var budget: SearchBudget
    /// The seed of the samples.
    public var seed: UInt64
    /// The space sampled, as ``MarqueeModels/SearchSpace/summary``.
    public var space: String
    /// `trials` or `time`.
    public var stoppedBy: String
    /// Every trial, in order.
    public var trials: [Trial]
    /// The best trial on validation.
    public var chosen: Scored
    /// Trial 0, the base configuration; `nil` when it failed to train.
    public var base: Scored?
    /// The searched keys in the space's order, for the table's columns (not in the JSON, whose objects have no order).
    public var searchedKeys: [String] = []

    enum CodingKeys: String, CodingKey {
        case model, split, validation, budget, seed, space, trials, chosen, base
        case stoppedBy = "stopped_by"
    }

    /// Splits `data`, runs `search` on the training part, and scores the chosen and base configurations on the test part.
    /// - Throws: ``EvaluationError``: split and search errors; `.model` when the chosen configuration fails to train on
    ///   the whole training part.
    public init(
        search: ModelSearch, data: EvaluationData, split configuration: SplitConfiguration, clock: some Clock<Duration> = ContinuousClock()
    ) throws(EvaluationError) {
        let split = try EvaluationSplit(data, configuration: configuration)
        let result = try search.run(tuningOn: split, clock: clock)
        func scored(_ trial: SearchTrial) throws(EvaluationError) -> Scored {
            do throws(ModelError) {
                let model = try search.makeTrainer(search.kind, trial.parameters).train(on: split.trainingData)
                return Scored(
                    trial: trial.number, parameters: trial.parameters, validationNDCG20: trial.validationNDCG20 ?? 0,
                    testNDCG20: evaluate(model, on: split).metrics.ndcg20)
            } catch {
                throw EvaluationError(
                    .model, "trial \(trial.number) of the \(search.kind) search failed on the whole training part: \(error.message)")
            }
        }
        model = search.kind
        self.split = ComparisonReport.Split(split)
        validation = Validation(kind: result.validation.kind, users: result.validationUsers)
        budget = result.budget
        seed = result.seed
        space = result.space.summary
        searchedKeys = result.space.keys
        stoppedBy = result.stoppedBy.rawValue
        trials = result.trials.map {
            Trial(trial: $0.number, parameters: $0.searched, validationNDCG20: $0.validationNDCG20, seconds: $0.seconds, failure: $0.failure)
        }
        chosen = try scored(result.best)
        base = try result.base.map { base throws(EvaluationError) in base.number == result.best.number ? chosen : try scored(base) }
    }

    /// The report as one line of JSON with sorted keys.
    /// - Throws: ``EvaluationError`` `.io` if encoding fails.
    public func jsonData() throws(EvaluationError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return try encoder.encode(self)
        } catch {
            throw EvaluationError(.io, "could not encode the search report as JSON", cause: error)
        }
    }

    /// A Markdown table of the trials, then the choice and its test score against the base's.
    public var text: String {
        let keys = searchedKeys.isEmpty ? trials.first.map { $0.parameters.keys.sorted() } ?? [] : searchedKeys
        var lines = [
            "Random search of \(model): \(trials.count) trials (budget \(budget.trials) trials, \(String(format: "%g", budget.seconds)) s; stopped by "
                + "\(stoppedBy)), seed \(seed), validation: \(validation.kind) split of the training part, \(validation.users) users.",
            "Space: \(space)", "", "| trial | \(keys.joined(separator: " | ")) | validation NDCG@20 | seconds |",
            "|---|\(keys.map { _ in "---|" }.joined())---|---|",
        ]
        for trial in trials {
            let score = trial.validationNDCG20.map { Self.format($0, 4) } ?? "failed: \(trial.failure ?? "")"
            let mark = trial.trial == chosen.trial ? " (chosen)" : trial.trial == 0 ? " (base)" : ""
            lines.append(
                "| \(trial.trial)\(mark) | \(keys.map { trial.parameters[$0] ?? "" }.joined(separator: " | ")) | \(score) | \(Self.format(trial.seconds, 2)) |"
            )
        }
        lines += [
            "",
            "Chosen: trial \(chosen.trial): validation NDCG@20 \(Self.format(chosen.validationNDCG20, 4)), "
                + "test NDCG@20 \(Self.format(chosen.testNDCG20, 4)) on the \(split.kind) split (\(split.testUsers) test users).",
        ]
        if let base {
            lines.append(
                "Base (trial 0): validation NDCG@20 \(Self.format(base.validationNDCG20, 4)), test NDCG@20 \(Self.format(base.testNDCG20, 4)).")
        }
        lines.append("Parameters: " + chosen.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
