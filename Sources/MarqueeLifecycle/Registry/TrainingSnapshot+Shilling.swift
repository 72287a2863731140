import MarqueeEvaluation
import MarqueeQuality

extension TrainingSnapshot {
    /// The hyperparameter a version records when its training left out suspicious accounts: their number.
    public static let excludedAccountsKey = "shilling_excluded_accounts"

    /// The snapshot's data without the accounts `detector` finds shilling (on the scale of the highest rating in the
    /// data), and what it found. Deterministic: the same snapshot always loses the same accounts.
    public func excludingShilling(_ detector: ShillingDetector) -> (data: EvaluationData, report: ShillingReport) {
        let interactions = data.interactions.map { RatedInteraction(user: $0.user, movie: $0.movie, rating: $0.rating, time: $0.time) }
        let report = detector.detect(interactions, maximumRating: data.interactions.compactMap(\.rating).max() ?? 5)
        let suspicious = Set(report.suspiciousAccounts)
        guard !suspicious.isEmpty else { return (data, report) }
        var defended = data
        defended.interactions.removeAll { suspicious.contains($0.user) }
        defended.impressions.removeAll { suspicious.contains($0.user) }
        return (defended, report)
    }
}
