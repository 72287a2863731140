import MarqueeCore
import MarqueeModels

/// A model ready to answer requests: the trained recommender, the history it must exclude, and its version.
public struct ServingModel: Sendable {
    /// The trained model.
    public let recommender: any Recommender
    /// Movies each user watched as far as ingested; never recommended back to them.
    public let watched: [UserID: Set<MovieID>]
    /// The version served, as reported in telemetry and `/metrics`.
    public let version: String

    /// Creates a serving model.
    public init(recommender: any Recommender, watched: [UserID: Set<MovieID>], version: String) {
        self.recommender = recommender
        self.watched = watched
        self.version = version
    }
}
