import MarqueeCore

/// The oracle: recommends the movies a user truly likes most, by the hidden ``TasteModel``.
/// An upper bound for online metrics; no real recommender can know this ranking.
public struct OracleRecommendations: RecommendationProvider {
    private let taste: TasteModel
    private let catalogue: MovieCatalogue
    private let count: Int
    private let latencyMilliseconds: Int

    /// An oracle over the simulator's ground truth.
    public init(simulator: Simulator, count: Int = 20, latencyMilliseconds: Int = 20) {
        taste = simulator.taste
        catalogue = simulator.catalogue.movies
        self.count = count
        self.latencyMilliseconds = latencyMilliseconds
    }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        .movies(taste.bestMovies(for: user, count: count, in: catalogue), latencyMilliseconds: latencyMilliseconds)
    }
}

/// The most popular movies by the catalogue's popularity prior, the same list for everyone.
public struct PopularRecommendations: RecommendationProvider {
    private let movies: [MovieID]
    private let latencyMilliseconds: Int

    /// The `count` most popular movies of `catalogue`.
    public init(catalogue: MovieCatalogue, count: Int = 20, latencyMilliseconds: Int = 20) {
        movies = catalogue.indicesByPopularity().prefix(count).map { catalogue.id(at: $0) }
        self.latencyMilliseconds = latencyMilliseconds
    }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        .movies(movies, latencyMilliseconds: latencyMilliseconds)
    }
}
