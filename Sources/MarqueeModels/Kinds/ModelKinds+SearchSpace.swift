extension ModelKinds {
    /// The hyperparameters a model search tries for `kind`, or `nil` for a kind without a declared space (it is then
    /// trained with its given hyperparameters).
    ///
    /// The ranges cover small data (MovieLens-100k, a few days of the simulator: few factors, strong regularisation,
    /// low confidence) and large data (the defaults), so a search can reach both.
    public static func searchSpace(of kind: String) -> SearchSpace? {
        switch kind {
        case "popularity":
            SearchSpace([.init("minimum_minutes", .choice(["1", "5", "10", "20", "40"]))])
        case "item-knn":
            SearchSpace([.init("neighbours", .choice(["10", "20", "50", "100", "200", "400"]))])
        case "ease":
            SearchSpace([
                .init("regularization", .logUniform(10...10_000)), .init("recency_half_life", .choice(["0", "5", "15", "40"])),
                .init("neighbours", .choice(["50", "200", "500"])),
            ])
        case "als":
            SearchSpace([
                .init("factors", .choice(["8", "16", "32", "64"])), .init("regularization", .logUniform(0.01...100)),
                .init("alpha", .logUniform(0.5...50)), .init("iterations", .choice(["10", "15"])),
                .init("recency_half_life", .choice(["0", "10", "20", "40"])),
            ])
        case "bpr":
            SearchSpace([
                .init("factors", .choice(["8", "16", "32", "64"])), .init("learning_rate", .logUniform(0.005...0.2)),
                .init("regularization", .logUniform(0.0001...0.1)), .init("iterations", .choice(["30", "60", "120"])),
            ])
        case "hybrid":
            SearchSpace([
                .init("factors", .choice(["8", "16", "32"])), .init("learning_rate", .logUniform(0.01...0.1)),
                .init("regularization", .logUniform(0.001...0.1)), .init("popularity_weight", .choice(["0.5", "1", "1.5", "2"])),
                .init("shown_negatives", .choice(["0", "0.3", "0.6"])),
            ])
        default: nil
        }
    }
}
