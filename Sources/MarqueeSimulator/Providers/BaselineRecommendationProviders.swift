import MarqueeCore

/// The oracle: recommends the movies a user truly likes most, by the hidden ``TasteModel``.
/// An upper bound for online metrics; no real recommender can know this ranking.
public struct OracleRecommendations: RecommendationProvider {
    private let taste: TasteModel
    private let catalogue: MovieCatalogue
    private let count: Int
    private let latencyMilliseconds: Int
    private let watched: [UserID: Set<MovieID>]

    /// An oracle over the simulator's ground truth.
    /// - Parameter watched: movies each user is known to have watched, left out of their list as a served model leaves
    ///   them out (empty: every movie may be recommended).
    public init(simulator: Simulator, count: Int = 20, latencyMilliseconds: Int = 20, excluding watched: [UserID: Set<MovieID>] = [:]) {
        taste = simulator.taste
        catalogue = simulator.catalogue.movies
        self.count = count
        self.latencyMilliseconds = latencyMilliseconds
        self.watched = watched
    }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        .movies(
            taste.bestMovies(for: user, count: count, in: catalogue, excluding: watched[user] ?? []), latencyMilliseconds: latencyMilliseconds)
    }
}

/// The most popular movies by the catalogue's popularity prior, the same list for everyone (less what each has watched).
public struct PopularRecommendations: RecommendationProvider {
    private let ranking: [MovieID]
    private let count: Int
    private let latencyMilliseconds: Int
    private let watched: [UserID: Set<MovieID>]

    /// The `count` most popular movies of `catalogue`.
    /// - Parameter watched: movies each user is known to have watched, left out of their list as a served model leaves
    ///   them out (empty: the same list for everyone).
    public init(catalogue: MovieCatalogue, count: Int = 20, latencyMilliseconds: Int = 20, excluding watched: [UserID: Set<MovieID>] = [:]) {
        ranking = catalogue.indicesByPopularity().map { catalogue.id(at: $0) }
        self.count = count
        self.latencyMilliseconds = latencyMilliseconds
        self.watched = watched
    }

    public func recommendations(for user: UserID) async -> RecommendationResponse {
        guard let seen = watched[user], !seen.isEmpty else { return .movies(Array(ranking.prefix(count)), latencyMilliseconds: latencyMilliseconds) }
        return .movies(Array(ranking.lazy.filter { !seen.contains($0) }.prefix(count)), latencyMilliseconds: latencyMilliseconds)
    }
}
