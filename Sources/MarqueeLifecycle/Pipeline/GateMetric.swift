import MarqueeCore
import MarqueeEvaluation
import MarqueeModels

/// The offline score by which the pipeline picks the best candidate and gates it against production.
///
/// Plain NDCG@20 on held-out watches rewards whatever production exposed, so it favours popularity; the
/// exposure-aware scores (``ExposureAwareNDCG``) correct for that. Which predicts the online metric best was measured
/// on the simulator (`bench/world.sh`, `bench/RESULTS.md`); the default is the best predictor found there.
public enum GateMetric: String, Sendable, CaseIterable, Codable {
    /// NDCG@20 on every held-out positive watch.
    case ndcg = "ndcg20"
    /// NDCG@20 with held-out watches weighted by the inverse of their movie's exposure.
    case inversePropensityNDCG = "ips_ndcg20"
    /// NDCG@20 on held-out watches of movies the user was not shown in the test period.
    case unexposedNDCG = "unexposed_ndcg20"

    /// The metric the pipeline uses unless configured otherwise.
    public static let `default` = GateMetric.unexposedNDCG

    /// What the score is, for the pipeline's steps.
    public var label: String {
        switch self {
        case .ndcg: "NDCG@20"
        case .inversePropensityNDCG: "exposure-weighted NDCG@20"
        case .unexposedNDCG: "NDCG@20 on unrecommended watches"
        }
    }
}

/// Scores models trained on one split by a ``GateMetric``.
struct GateScorer {
    let metric: GateMetric
    let split: EvaluationSplit
    /// The movies shown to each user at or after the split's cut; only read for ``GateMetric/unexposedNDCG``.
    let shown: [UserID: Set<MovieID>]

    /// A scorer of models trained on `split` of `data`; the lists shown come from the snapshot's impressions (the
    /// loader's window, ``TrainingDataLoader/impressionWindowDays``), not from another read of the store.
    init(_ metric: GateMetric, split: EvaluationSplit, data: EvaluationData) {
        self.metric = metric
        self.split = split
        shown = metric == .unexposedNDCG ? ExposureAwareNDCG.shownInTestPeriod(data.impressions, of: split) : [:]
    }

    /// The score of `model` (trained on the split's training data), given its plain offline evaluation.
    func score(_ model: any Recommender, offline: OfflineEvaluation) -> Double {
        switch metric {
        case .ndcg: offline.metrics.ndcg20
        case .inversePropensityNDCG: ExposureAwareNDCG.inversePropensity(of: model, on: split)
        case .unexposedNDCG: ExposureAwareNDCG.unexposed(of: model, on: split, shown: shown)
        }
    }
}
