import Foundation
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

extension ServingModel {
    /// Loads registered version `record` for serving, after checking its artifact's SHA-256 against the registry.
    /// - Throws: `ModelError` when the artifact is missing, too large, altered (checksum differs) or corrupt.
    public static func load(_ record: ModelVersionRecord, watched: [UserID: Set<MovieID>]) throws(ModelError) -> ServingModel {
        // Refuses a file above the size limit before reading it into memory.
        let bytes = try ModelArtifact.readBytes(from: record.artifactPath)
        guard TrainingPipeline.sha256(bytes) == record.artifactSHA256 else {
            throw ModelError(
                .corruptArtifact,
                "the artifact of \(record.version) at \(record.artifactPath) does not match the SHA-256 in the registry; it was altered, refusing to serve it"
            )
        }
        return ServingModel(recommender: try ModelArtifact.decode(bytes, source: record.artifactPath), watched: watched, version: record.version)
    }

    /// Loads registered version `record` for serving with what it needs from `store`: the movies each user watched,
    /// and, when the version trades enjoyment against licence cost or popularity (``TradeOffRecommender``), the
    /// catalogue's costs or the number of users who watched each movie; when it explores (``ExplorationRecommender``),
    /// the catalogue's movies.
    /// - Throws: `StoreError` when the store fails; `ModelError` as ``load(_:watched:)``, or when a cost-aware
    ///   version finds no costs in the catalogue or an exploring one no movies.
    public static func load(_ record: ModelVersionRecord, from store: any EventStore) async throws -> ServingModel {
        try await load(record, watched: try await TrainingDataLoader(store: store).load().watchedMovies(), store: store)
    }

    /// As ``load(_:from:)``, with the movies each user watched already read (e.g. once for both arms of an experiment).
    public static func load(_ record: ModelVersionRecord, watched: [UserID: Set<MovieID>], store: any EventStore) async throws -> ServingModel {
        var model = try await runBlocking { () throws(ModelError) in try load(record, watched: watched) }
        for (tradeOff, weight) in record.tradeOffs {
            var values: [MovieID: Double] = [:]
            switch tradeOff {
            case .licenceCost:
                for movie in try await store.movies() { if let cost = movie.cost { values[movie.id] = cost } }
                guard !values.isEmpty else {
                    throw ModelError(
                        .invalidParameter, "\(record.version) weighs licence costs, but the catalogue has none: load movie records with a cost")
                }
            case .popularity:
                for movies in watched.values { for movie in movies { values[movie, default: 0] += 1 } }
            }
            model = ServingModel(
                recommender: TradeOffRecommender(base: model.recommender, tradeOff: tradeOff, values: values, weight: weight), watched: model.watched,
                version: record.version)
        }
        if let share = record.explorationShare {
            let catalogue = try await store.movieIDs()
            guard !catalogue.isEmpty else {
                throw ModelError(
                    .invalidParameter, "\(record.version) explores the catalogue, but the store has no movie records: load the catalogue first")
            }
            model = ServingModel(
                recommender: ExplorationRecommender(base: model.recommender, catalogue: Array(catalogue), share: share, seed: record.explorationSeed),
                watched: model.watched, version: record.version)
        }
        return model
    }
}
