import MarqueeCore
import MarqueeEvaluation
import MarqueeModels

/// The lists the simulated service showed, for the exposure-aware offline metrics.
struct ExposureLog {
    let shown: [(user: UserID, time: EventTime, movies: [MovieID])]

    /// ``ExposureAwareNDCG/unexposed(of:on:shown:)`` with the lists shown at or after the split's cut.
    func organicNDCG(model: (any Recommender)?, split: EvaluationSplit) -> Double {
        guard let model else { return .nan }
        var byUser: [UserID: Set<MovieID>] = [:]
        for entry in shown where split.cutTime.map({ entry.time >= $0 }) ?? true { byUser[entry.user, default: []].formUnion(entry.movies) }
        return ExposureAwareNDCG.unexposed(of: model, on: split, shown: byUser)
    }

    /// ``ExposureAwareNDCG/inversePropensity(of:on:exponent:)``.
    static func inversePropensityNDCG(model: (any Recommender)?, split: EvaluationSplit) -> Double {
        guard let model else { return .nan }
        return ExposureAwareNDCG.inversePropensity(of: model, on: split)
    }
}
