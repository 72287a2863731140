import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

/// A model kind with small hyperparameters, so the contract suite runs fast.
struct ModelKind: CustomTestStringConvertible, Sendable {
    let name: String
    let parameters: [String: String]

    static let popularity = ModelKind(name: "popularity", parameters: [:])
    static let itemKNN = ModelKind(name: "item-knn", parameters: ["neighbours": "20"])
    static let als = ModelKind(name: "als", parameters: ["factors": "2", "iterations": "15", "threads": "2"])
    static let bpr = ModelKind(name: "bpr", parameters: ["factors": "2", "iterations": "300", "learning_rate": "0.05", "regularization": "0.1"])

    /// With uniform negatives and without the blend with the popularity prior: the planted clusters differ in size, and
    /// the exposure settings by design favour the bigger cluster's much-watched movies (``HybridRecommenderTests`` checks
    /// them on data with genres and demographics).
    static let hybrid = ModelKind(
        name: "hybrid",
        parameters: [
            "factors": "2", "iterations": "300", "learning_rate": "0.05", "regularization": "0.1", "negative_exponent": "0", "popularity_weight": "0",
        ])

    /// With a regularization suited to the fixtures' few users.
    static let ease = ModelKind(name: "ease", parameters: ["regularization": "20", "neighbours": "20", "threads": "2"])

    static let all = [popularity, itemKNN, als, bpr, hybrid, ease]
    static let personalised = [itemKNN, als, bpr, hybrid, ease]

    var testDescription: String { name }

    func train(_ data: TrainingData = ModelFixtures.clustered(), seed: UInt64? = nil) throws -> any Recommender {
        var parameters = self.parameters
        if let seed, ModelKinds.parameters(of: name)?["seed"] != nil { parameters["seed"] = String(seed) }
        return try ModelKinds.trainer(kind: name, parameters: parameters).train(on: data)
    }
}
