import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

extension ServingModel {
    /// Loads registered version `record` for serving, after checking its artifact's SHA-256 against the registry.
    /// - Throws: `ModelError` when the artifact is missing, altered (checksum differs) or corrupt.
    public static func load(_ record: ModelVersionRecord, watched: [UserID: Set<MovieID>]) throws(ModelError) -> ServingModel {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: record.artifactPath)))
        } catch {
            throw ModelError(.io, "cannot read the artifact of \(record.version) at \(record.artifactPath): check the models directory", cause: error)
        }
        guard TrainingPipeline.sha256(bytes) == record.artifactSHA256 else {
            throw ModelError(
                .corruptArtifact,
                "the artifact of \(record.version) at \(record.artifactPath) does not match the SHA-256 in the registry; it was altered, refusing to serve it")
        }
        return ServingModel(recommender: try ModelArtifact.decode(bytes, source: record.artifactPath), watched: watched, version: record.version)
    }

    /// Loads registered version `record` for serving with what it needs from `store`: the movies each user watched,
    /// and the catalogue's licence costs when the version trades enjoyment against cost (``CostAwareRecommender``).
    /// - Throws: `StoreError` when the store fails; `ModelError` as ``load(_:watched:)``, or when a cost-aware
    ///   version finds no costs in the catalogue.
    public static func load(_ record: ModelVersionRecord, from store: any EventStore) async throws -> ServingModel {
        let model = try load(record, watched: try await TrainingDataLoader(store: store).load().watchedMovies())
        guard let weight = record.hyperparameters[CostAwareRecommender.weightKey].flatMap(Double.init), weight > 0 else { return model }
        var costs: [MovieID: Double] = [:]
        for movie in try await store.movies() { if let cost = movie.cost { costs[movie.id] = cost } }
        guard !costs.isEmpty else {
            throw ModelError(.invalidParameter, "\(record.version) weighs licence costs, but the catalogue has none: load movie records with a cost")
        }
        return ServingModel(
            recommender: CostAwareRecommender(base: model.recommender, costs: costs, weight: weight), watched: model.watched, version: record.version)
    }
}
