import MarqueeCore

/// The users and movies that stored events name but the catalogue holds no record of: what to fetch from the
/// service's user/movie API.
public struct CatalogueGaps: Hashable, Sendable {
    /// Users named by events without a user record, in ascending order.
    public var users: [UserID]
    /// Movies named by watch or rate events without a movie record, ordered by slug.
    public var movies: [MovieID]

    /// Creates gaps.
    public init(users: [UserID] = [], movies: [MovieID] = []) {
        self.users = users
        self.movies = movies
    }

    /// Whether the catalogue knows every user and movie the events name.
    public var isEmpty: Bool { users.isEmpty && movies.isEmpty }
}
