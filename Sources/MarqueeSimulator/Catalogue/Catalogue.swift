/// Everything the simulated service knows about its users and movies, generated from one seed.
public struct Catalogue: Sendable {
    /// The movies.
    public let movies: MovieCatalogue
    /// The users, derived on demand.
    public let users: UserPopulation

    /// Generates the catalogue of `movieCount` movies and `userCount` users from `seed`.
    /// - Precondition: `movieCount` > 0.
    public init(seed: UInt64, userCount: Int, movieCount: Int) {
        movies = MovieCatalogue(seed: seed, count: movieCount)
        users = UserPopulation(seed: seed, count: userCount)
    }
}
