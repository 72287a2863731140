import MarqueeCore
import MarqueeModels

/// A model ready to answer requests: the trained recommender, the history it must exclude, its version, and a
/// precomputed fallback list for answers that must not wait for the model.
public struct ServingModel: Sendable {
    /// How many movies the fallback list holds, so that 20 remain after removing a user's watched movies.
    public static let fallbackLength = 200

    /// The trained model.
    public let recommender: any Recommender
    /// Movies each user watched as far as ingested; never recommended back to them.
    public let watched: [UserID: Set<MovieID>]
    /// The version served, as reported in telemetry and `/metrics`.
    public let version: String
    /// The model's answer for a user without history, computed once when the model is loaded.
    public let fallback: [MovieID]

    /// Creates a serving model and precomputes its fallback list.
    public init(recommender: any Recommender, watched: [UserID: Set<MovieID>], version: String) {
        self.recommender = recommender
        self.watched = watched
        self.version = version
        self.fallback = recommender.recommend(for: .highest, count: Self.fallbackLength, excluding: []).map(\.movie)
    }

    private init(recommender: any Recommender, watched: [UserID: Set<MovieID>], version: String, fallback: [MovieID]) {
        self.recommender = recommender
        self.watched = watched
        self.version = version
        self.fallback = fallback
    }

    /// The same model excluding `watched` instead: what users watched since it was loaded.
    public func excluding(_ watched: [UserID: Set<MovieID>]) -> ServingModel {
        ServingModel(recommender: recommender, watched: watched, version: version, fallback: fallback)
    }
}
