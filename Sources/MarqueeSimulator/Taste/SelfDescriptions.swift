import MarqueeCore

/// The free-text answers simulated users give at sign-up to "What movies do you like?" and "... do not like?" (the
/// newer variant of the service, SPEC.md §2), derived from their hidden taste.
///
/// A share of users answers. Each knows a few dozen movies, drawn by popularity as people know famous films better,
/// names 1–4 of those with the highest true affinity as liked and 0–2 of the lowest as disliked, and writes them the
/// way people do (see ``MentionStyle``). Everything derives from `(seed, user id)`: answers are deterministic and
/// cost no memory.
public struct SelfDescriptions: Sendable {
    /// The share of users who answer, in [0, 1].
    public let share: Double
    private let seed: UInt64
    private let taste: TasteModel
    private let movies: MovieCatalogue
    private let known: AliasTable

    /// How many movies each answering user knows, among which they name their likes and dislikes.
    static let knownMovies = 40

    /// Answers for the users of `taste` over `movies`; `share` is clamped to [0, 1].
    public init(seed: UInt64, share: Double, taste: TasteModel, movies: MovieCatalogue) {
        self.seed = seed
        self.share = min(1, max(0, share))
        self.taste = taste
        self.movies = movies
        self.known = AliasTable(weights: movies.popularity)
    }

    /// `user` with their answers, when they are among those who answer.
    public func describing(_ user: User) -> User {
        guard let (likes, dislikes) = answers(of: user.id) else { return user }
        var described = user
        described.likes = likes
        described.dislikes = dislikes
        return described
    }

    /// The answers of `user` (the dislikes `nil` when they name none), or `nil` when the user does not answer.
    public func answers(of user: UserID) -> (likes: String, dislikes: String?)? {
        guard var choice = choice(of: user) else { return nil }
        let likes = MentionStyle.list(choice.liked.map { movies.movies[$0] }, using: &choice.rng)
        let dislikes = choice.disliked.isEmpty ? nil : MentionStyle.list(choice.disliked.map { movies.movies[$0] }, using: &choice.rng)
        return (likes, dislikes)
    }

    /// The movies `user`'s answers name, liked and disliked, as the ground truth of title matching; `nil` when the
    /// user does not answer.
    public func statedMovies(of user: UserID) -> (liked: [MovieID], disliked: [MovieID])? {
        choice(of: user).map { choice in (choice.liked.map(movies.id(at:)), choice.disliked.map(movies.id(at:))) }
    }

    /// Which movies `user` names (catalogue indices, best liked and most disliked first) and the generator that then
    /// writes them; `nil` when the user does not answer.
    private func choice(of user: UserID) -> (liked: [Int], disliked: [Int], rng: SplitMix64)? {
        guard share > 0, taste.users.contains(user) else { return nil }
        var rng = SplitMix64(seed: seed, stream: Streams.selfDescription, key: UInt64(user.rawValue))
        guard rng.chance(share) else { return nil }
        let hidden = taste.taste(of: Int(user.rawValue))
        var seen = Set<Int>()
        for _ in 0..<Self.knownMovies { seen.insert(known.sample(using: &rng)) }
        let ranked = seen.sorted { lhs, rhs in
            let (a, b) = (hidden.affinity(lhs, in: taste), hidden.affinity(rhs, in: taste))
            return a != b ? a > b : lhs < rhs
        }
        let likedCount = min(rng.integer(in: 1...4), ranked.count)
        let dislikedCount = min(rng.integer(in: 0...2), max(0, ranked.count - likedCount))
        return (Array(ranked.prefix(likedCount)), Array(ranked.suffix(dislikedCount).reversed()), rng)
    }
}
