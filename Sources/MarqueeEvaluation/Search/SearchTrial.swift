/// One configuration a model search trained and scored on its validation split.
public struct SearchTrial: Hashable, Sendable {
    /// 0 for the base configuration, then 1, 2, … in the order sampled.
    public var number: Int
    /// The hyperparameters passed to ``MarqueeModels/ModelKinds``: the base's, overridden by the sample.
    public var parameters: [String: String]
    /// The searched hyperparameters' values as the trained model reports them (defaults filled in), by key.
    public var searched: [String: String]
    /// NDCG@20 on the validation split; `nil` when training failed.
    public var validationNDCG20: Double?
    /// Wall-clock seconds to train and score.
    public var seconds: Double
    /// Why training failed, if it did.
    public var failure: String?

    /// Creates a trial.
    public init(
        number: Int, parameters: [String: String], searched: [String: String], validationNDCG20: Double?, seconds: Double,
        failure: String? = nil
    ) {
        self.number = number
        self.parameters = parameters
        self.searched = searched
        self.validationNDCG20 = validationNDCG20
        self.seconds = seconds
        self.failure = failure
    }

    /// The searched values as `key=value`, in `keys` order, e.g. `factors=16 regularization=3.2`.
    public func describe(keys: [String]) -> String {
        keys.map { "\($0)=\(searched[$0] ?? parameters[$0] ?? "default")" }.joined(separator: " ")
    }
}
