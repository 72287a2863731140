import MarqueeCore

/// The model kinds Marquee can train, by name, with their hyperparameters as `key=value` text (the CLI's `--param`).
///
/// Every kind also takes `new_movie_slots` (default 2): the places per list for new movies, see
/// ``NewMovieColdStartTrainer``.
public enum ModelKinds {
    /// The names of the kinds, in the order reports list them.
    public static let names = ["popularity", "item-knn", "als", "bpr", "hybrid", "ease"]

    /// The hyperparameter keys of `kind` with their allowed values, or `nil` for an unknown kind.
    public static func parameters(of kind: String) -> [String: String]? {
        kindParameters(of: kind)?.merging(["new_movie_slots": "0...20"]) { own, _ in own }
    }

    private static func kindParameters(of kind: String) -> [String: String]? {
        switch kind {
        case "popularity": ["minimum_minutes": "0...100000", "minimum_rating": "0...10"]
        case "item-knn": ["neighbours": "1...10000", "threads": "1...1024"]
        case "ease": ["regularization": "0.001...10000000", "neighbours": "1...10000", "recency_half_life": "0...100000", "threads": "1...1024"]
        case "als":
            [
                "factors": "1...1024", "regularization": "0...1000000", "alpha": "0...1000000", "iterations": "0...10000",
                "cg_steps": "1...100", "seed": "0...18446744073709551615", "threads": "1...1024", "recency_half_life": "0...100000",
            ]
        case "bpr":
            [
                "factors": "1...1024", "learning_rate": "0...10", "regularization": "0...1000", "iterations": "0...10000",
                "seed": "0...18446744073709551615",
            ]
        case "hybrid":
            [
                "factors": "1...1024", "learning_rate": "0...10", "regularization": "0...1000", "feature_regularization": "0...1000",
                "iterations": "0...10000", "negative_exponent": "0...2", "popularity_weight": "0...10", "shown_negatives": "0...1",
                "seed": "0...18446744073709551615",
            ]
        default: nil
        }
    }

    /// A trainer of `kind` with `parameters` applied over the defaults, with the new-movie cold start.
    /// - Throws: `ModelError.unknownKind` for a kind not in ``names``; `.invalidParameter` for an unknown key or a value
    ///   that does not parse or is out of range, naming the key and the allowed values.
    ///
    /// The feedback rule of the models that have one, and the lowest rating popularity counts, follow `ratingScale`
    /// (``FeedbackRule/init(scale:)``): on 1–10, a rating of 7 or more is a like and 4 or less a dislike.
    public static func trainer(
        kind: String, parameters: [String: String] = [:], ratingScale: RatingScale = .fiveStars
    ) throws(ModelError) -> any RecommenderTrainer {
        guard let allowed = Self.parameters(of: kind) else {
            throw ModelError(.unknownKind, "unknown model kind '\(kind)'; choose one of: \(names.joined(separator: ", "))")
        }
        for key in parameters.keys.sorted() where allowed[key] == nil {
            throw ModelError(
                .invalidParameter, "unknown parameter '\(key)' for \(kind); allowed: \(allowed.keys.sorted().joined(separator: ", "))")
        }
        var values = ParameterValues(kind: kind, text: parameters, allowed: allowed)
        let feedback = FeedbackRule(scale: ratingScale)
        var slots = NewMovieColdStartTrainer.defaultSlots
        try values.set(&slots, "new_movie_slots")
        try Check.range("new_movie_slots", slots, 0...20)
        return NewMovieColdStartTrainer(base: try kindTrainer(kind: kind, values: &values, feedback: feedback), slots: slots)
    }

    private static func kindTrainer(
        kind: String, values: inout ParameterValues, feedback: FeedbackRule
    ) throws(ModelError) -> any RecommenderTrainer {
        switch kind {
        case "popularity":
            var configuration = PopularityRecommender.Configuration(minimumRating: feedback.likedRating)
            try values.set(&configuration.minimumMinutes, "minimum_minutes")
            try values.set(&configuration.minimumRating, "minimum_rating")
            try Check.range("minimum_minutes", configuration.minimumMinutes, 0...100_000)
            try Check.range("minimum_rating", configuration.minimumRating, 0...10)
            return PopularityTrainer(configuration: configuration)
        case "item-knn":
            var configuration = ItemKNNTrainer.Configuration()
            configuration.feedback = feedback
            try values.set(&configuration.neighbours, "neighbours")
            try values.set(&configuration.threads, "threads")
            try configuration.validate()
            return ItemKNNTrainer(configuration: configuration)
        case "ease":
            var configuration = EASETrainer.Configuration()
            configuration.feedback = feedback
            try values.set(&configuration.regularization, "regularization")
            try values.set(&configuration.neighbours, "neighbours")
            try values.set(&configuration.recencyHalfLife, "recency_half_life")
            try values.set(&configuration.threads, "threads")
            try configuration.validate()
            return EASETrainer(configuration: configuration)
        case "als":
            var configuration = ALSTrainer.Configuration()
            configuration.feedback = feedback
            try values.set(&configuration.factors, "factors")
            try values.set(&configuration.regularization, "regularization")
            try values.set(&configuration.alpha, "alpha")
            try values.set(&configuration.iterations, "iterations")
            try values.set(&configuration.cgSteps, "cg_steps")
            try values.set(&configuration.seed, "seed")
            try values.set(&configuration.threads, "threads")
            try values.set(&configuration.recencyHalfLife, "recency_half_life")
            try configuration.validate()
            return ALSTrainer(configuration: configuration)
        case "hybrid":
            var configuration = HybridTrainer.Configuration()
            configuration.feedback = feedback
            try values.set(&configuration.factors, "factors")
            try values.set(&configuration.learningRate, "learning_rate")
            try values.set(&configuration.regularization, "regularization")
            try values.set(&configuration.featureRegularization, "feature_regularization")
            try values.set(&configuration.iterations, "iterations")
            try values.set(&configuration.negativeExponent, "negative_exponent")
            try values.set(&configuration.popularityWeight, "popularity_weight")
            try values.set(&configuration.shownNegatives, "shown_negatives")
            try values.set(&configuration.seed, "seed")
            try configuration.validate()
            return HybridTrainer(configuration: configuration)
        default:
            var configuration = BPRTrainer.Configuration()
            configuration.feedback = feedback
            try values.set(&configuration.factors, "factors")
            try values.set(&configuration.learningRate, "learning_rate")
            try values.set(&configuration.regularization, "regularization")
            try values.set(&configuration.iterations, "iterations")
            try values.set(&configuration.seed, "seed")
            try configuration.validate()
            return BPRTrainer(configuration: configuration)
        }
    }
}

/// Parses `key=value` texts into typed hyperparameters.
private struct ParameterValues {
    let kind: String
    let text: [String: String]
    let allowed: [String: String]

    private func invalid(_ key: String, _ value: String, _ type: String) -> ModelError {
        ModelError(.invalidParameter, "\(key) for \(kind) must be \(type) in \(allowed[key] ?? "range"), got '\(value)'")
    }

    mutating func set(_ target: inout Int, _ key: String) throws(ModelError) {
        guard let value = text[key] else { return }
        guard let parsed = Int(value.trimmingWhitespace) else { throw invalid(key, value, "an integer") }
        target = parsed
    }

    mutating func set(_ target: inout UInt64, _ key: String) throws(ModelError) {
        guard let value = text[key] else { return }
        guard let parsed = UInt64(value.trimmingWhitespace) else { throw invalid(key, value, "a non-negative integer") }
        target = parsed
    }

    mutating func set(_ target: inout Float, _ key: String) throws(ModelError) {
        guard let value = text[key] else { return }
        guard let parsed = Float(value.trimmingWhitespace), parsed.isFinite else { throw invalid(key, value, "a number") }
        target = parsed
    }
}

extension String {
    fileprivate var trimmingWhitespace: Substring {
        let scalars = unicodeScalars
        let start = scalars.firstIndex { !$0.properties.isWhitespace } ?? scalars.endIndex
        let end = scalars.lastIndex { !$0.properties.isWhitespace }.map { scalars.index(after: $0) } ?? start
        return self[start..<max(start, end)]
    }
}
