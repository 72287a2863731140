import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeQuality

/// How much a shilling attack moved its target, and how much of that the defence takes back: the share of users whose
/// top 20 holds each targeted movie, for a model trained on all accounts and one trained without the suspicious ones.
public struct ShillingDefenceEffect: Sendable, Encodable {
    /// One targeted movie's exposure.
    public struct Exposure: Sendable, Encodable {
        public var movie: String
        /// Share of the ordinary users whose top 20 holds the movie, trained on every account.
        public var withoutDefence: Double
        /// The same, trained without the suspicious accounts.
        public var withDefence: Double

        enum CodingKeys: String, CodingKey {
            case movie
            case withoutDefence = "exposure_without_defence"
            case withDefence = "exposure_with_defence"
        }
    }

    /// The model kind measured.
    public var kind: String
    public var exposures: [Exposure]

    /// Trains `kind` on `data` with and without the accounts `report` names, and measures each targeted movie's
    /// exposure among the other users (up to `sampleSize` of them, in id order).
    public static func measure(
        data: EvaluationData, report: ShillingReport, kind: String = "item-knn", sampleSize: Int = 2_000
    ) throws(ModelError) -> ShillingDefenceEffect {
        let suspicious = Set(report.suspiciousAccounts)
        var defended = data
        defended.interactions.removeAll { suspicious.contains($0.user) }
        let trainer = try ModelKinds.trainer(kind: kind)
        let attacked = try trainer.train(on: data.trainingData())
        let cleaned = try trainer.train(on: defended.trainingData())
        var watched: [UserID: Set<MovieID>] = [:]
        for interaction in defended.interactions { watched[interaction.user, default: []].insert(interaction.movie) }
        let users = watched.keys.sorted().prefix(sampleSize)
        func exposure(of movie: MovieID, in model: any Recommender) -> Double {
            guard !users.isEmpty else { return 0 }
            let holding = users.filter { user in model.recommend(for: user, count: 20, excluding: watched[user] ?? []).contains { $0.movie == movie } }
            return Double(holding.count) / Double(users.count)
        }
        return ShillingDefenceEffect(
            kind: kind,
            exposures: report.targeted.map { target in
                Exposure(movie: target.movie.slug, withoutDefence: exposure(of: target.movie, in: attacked), withDefence: exposure(of: target.movie, in: cleaned))
            })
    }
}
