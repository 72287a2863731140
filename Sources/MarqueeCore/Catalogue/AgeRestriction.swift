/// The hard safety rule of SPEC.md §4: a user under 18 is never recommended a movie whose `adult` is true.
///
/// Built from the user and movie records (SPEC.md §2). It fails safe on the user's side: a user is treated as under 18
/// unless their record states an age of 18 or more, so a user without a record, or whose record has no age, never
/// gets an adult movie. On the movie's side only a record saying `adult: true` makes a movie adult: a movie without a
/// record, or whose `adult` is missing or null, is not filtered (see docs/safety.md for why, and what that leaves open).
public struct AgeRestriction: Equatable, Sendable {
    /// The age from which a user may be recommended adult movies.
    public static let adultAge = 18

    /// The movies whose record says `adult: true`.
    public let adultMovies: Set<MovieID>
    /// The users whose record states an age of ``adultAge`` or more; kept only while some movie is adult.
    private let adults: Set<UserID>

    /// A restriction that filters nothing: no movie is known to be adult.
    public init() {
        adultMovies = []
        adults = []
    }

    /// The restriction that `users` and `movies` (the store's records) imply.
    public init(users: some Sequence<User>, movies: some Sequence<Movie>) {
        adultMovies = Set(movies.lazy.filter { $0.adult == true }.map(\.id))
        // Without adult movies there is nothing to withhold, so the (large) set of adults is not built.
        adults = adultMovies.isEmpty ? [] : Set(users.lazy.filter { ($0.age ?? 0) >= Self.adultAge }.map(\.id))
    }

    /// Whether `user` must not be recommended adult movies: there are some, and the user is not known to be 18 or older.
    public func restricts(_ user: UserID) -> Bool {
        !adultMovies.isEmpty && !adults.contains(user)
    }

    /// The movies `user` must never be recommended on this rule: the adult movies for a restricted user, else none.
    public func withheld(from user: UserID) -> Set<MovieID> {
        restricts(user) ? adultMovies : []
    }

    /// Whether `movie` may be recommended to `user`.
    public func permits(_ movie: MovieID, for user: UserID) -> Bool {
        !adultMovies.contains(movie) || !restricts(user)
    }
}
