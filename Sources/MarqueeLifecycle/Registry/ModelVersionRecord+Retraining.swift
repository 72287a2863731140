import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeQuality
import MarqueeStore

extension ModelVersionRecord {
    /// The `--param` values that train this version's configuration again: its recorded hyperparameters that
    /// ``ModelKinds`` accepts for its kind, and its seed.
    public var retrainingParameters: [String: String] {
        let allowed = ModelKinds.parameters(of: kind) ?? [:]
        var parameters = hyperparameters.filter { allowed[$0.key] != nil }
        if let seed, allowed["seed"] != nil { parameters["seed"] = String(seed) }
        return parameters
    }

    /// Trains this version's configuration again on `snapshot`: with the same code and the store's rating scale (the
    /// service configuration's, which sets the feedback rule), the artifact is byte for byte the registered one (compare
    /// ``TrainingPipeline/sha256(_:)`` of the bytes with ``artifactSHA256``).
    /// - Throws: `ModelError` when the configuration no longer trains (e.g. a kind this build does not know).
    public func retrainArtifact(on snapshot: TrainingSnapshot, ratingScale: RatingScale = .fiveStars) throws(ModelError) -> [UInt8] {
        let data = hyperparameters[TrainingSnapshot.excludedAccountsKey] == nil ? snapshot.data : snapshot.excludingShilling(ShillingDetector()).data
        let model = try ModelKinds.trainer(kind: kind, parameters: retrainingParameters, ratingScale: ratingScale).train(on: data.trainingData())
        return try ModelArtifact.encode(model)
    }
}
