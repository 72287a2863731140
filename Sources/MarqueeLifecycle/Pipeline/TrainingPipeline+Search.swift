import MarqueeCore
import MarqueeEvaluation
import MarqueeModels

extension TrainingPipeline {
    /// The registered version's hyperparameter that summarises the search behind it (trials, validation, choice); the
    /// pipeline run's steps list every trial.
    public static let searchSummaryKey = "search"

    /// What tuning one candidate gave: the hyperparameters to train with, the steps to record and the summary to
    /// register.
    struct Tuning {
        var parameters: [String: String]
        var steps: [String]
        var summary: String?
    }

    /// Tunes `kind` from `parameters` with ``PipelineConfiguration/search`` on a validation split carved from `split`'s
    /// training part only (never its test part), or returns `parameters` unchanged with the reason when search is off,
    /// the kind has no search space, or the search fails.
    func tune(_ kind: String, _ parameters: [String: String], on split: EvaluationSplit) -> Tuning {
        guard let budget = configuration.search else { return Tuning(parameters: parameters, steps: [], summary: nil) }
        guard ModelKinds.searchSpace(of: kind) != nil else {
            return Tuning(
                parameters: parameters, steps: ["search: \(kind) has no search space; trained with its given hyperparameters"], summary: nil)
        }
        do throws(EvaluationError) {
            let scale = configuration.ratingScale
            let search = try ModelSearch(
                kind: kind, baseParameters: parameters, budget: budget, seed: configuration.seed, strategy: configuration.searchStrategy,
                makeTrainer: { kind, parameters throws(ModelError) in try ModelKinds.trainer(kind: kind, parameters: parameters, ratingScale: scale)
                })
            let result = try search.run(tuningOn: split)
            return Tuning(parameters: result.chosenParameters, steps: result.trialLines + ["search: " + result.summary], summary: result.summary)
        } catch {
            return Tuning(
                parameters: parameters, steps: ["search of \(kind) failed, trained with its given hyperparameters: \(error.message)"], summary: nil)
        }
    }
}
