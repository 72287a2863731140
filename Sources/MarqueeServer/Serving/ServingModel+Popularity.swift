import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

extension ServingModel {
    /// Trains a popularity model on everything in `store` and pairs it with each user's watched movies.
    /// - Parameter version: the version reported for the model; defaults to `popularity-<interactions>`.
    public static func popularity(trainedOn store: any EventStore, version: String? = nil) async throws(StoreError) -> ServingModel {
        let data = try await TrainingDataLoader(store: store).load()
        let model = PopularityRecommender(training: data)
        return ServingModel(
            recommender: model, watched: data.watchedMovies(), version: version ?? "popularity-\(data.interactions.count)")
    }
}
