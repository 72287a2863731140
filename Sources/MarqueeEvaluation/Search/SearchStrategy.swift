/// How a model search picks the configurations it trains.
public enum SearchStrategy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Every trial trains a sampled configuration fully.
    case random
    /// Successive halving over training iterations, for kinds whose space has an `iterations` choice (ALS, BPR): for
    /// the work of the random search's trials, about 2.5× as many sampled configurations are trained for a ninth of
    /// the iterations, the best third of them for a third, and the best third of those fully; the base
    /// configuration is trained fully. Other kinds fall back to ``random``.
    case halving
}
