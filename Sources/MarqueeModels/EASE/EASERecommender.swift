import MarqueeCore

/// A trained EASE model (see ``EASETrainer``): each movie's strongest learned weights to other movies, scored from
/// the user's recency-weighted history. The explanation lists the terms of the score, so the reasons add up to it.
public struct EASERecommender: NeighbourScoredRecommender {
    /// The model kind.
    public static let kind = "ease"

    /// The configuration it was trained with.
    public let configuration: EASETrainer.Configuration
    let scoring: NeighbourScoring

    init(configuration: EASETrainer.Configuration, context: UserContext, neighbours: NeighbourLists) {
        self.configuration = configuration
        self.scoring = NeighbourScoring(context: context, neighbours: neighbours, weightName: "weight")
    }

    var hyperparameters: [String: String] { configuration.hyperparameters }
}
