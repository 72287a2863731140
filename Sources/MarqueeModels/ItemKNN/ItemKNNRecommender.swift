import MarqueeCore

/// A trained item-based k-nearest-neighbours model (see ``ItemKNNTrainer``).
///
/// The score of movie `j` for a user is `Σᵢ wᵤᵢ · sim(i, j)` over the user's movies `i` that keep `j` among their
/// neighbours. The explanation lists exactly those terms, so the reasons add up to the score.
public struct ItemKNNRecommender: NeighbourScoredRecommender {
    /// The model kind.
    public static let kind = "item-knn"

    /// The configuration it was trained with.
    public let configuration: ItemKNNTrainer.Configuration
    let scoring: NeighbourScoring

    init(configuration: ItemKNNTrainer.Configuration, context: UserContext, neighbours: NeighbourLists) {
        self.configuration = configuration
        self.scoring = NeighbourScoring(context: context, neighbours: neighbours, weightName: "similarity")
    }

    var hyperparameters: [String: String] { configuration.hyperparameters }
}
