import MarqueeCore

/// What a user without history said about their taste at sign-up: the catalogue's movies found in their answers to
/// "What movies do you like / not like", each scored by the confidence of its title match.
///
/// Models use it as a pseudo-history for a warm start (see ``Recommender/recommend(for:stating:count:excluding:)``).
public struct StatedTaste: Hashable, Sendable {
    /// How strongly a disliked movie pushes its neighbours down, relative to how strongly a liked one pulls them up.
    public static let dislikeWeight: Float = 0.5
    /// How many times its prior the movie with the strongest evidence from a stated taste is worth in a warm start.
    /// Chosen on the simulator with seed 3 (`marquee warm-start --seed 3`), between item-kNN's best (2–3) and ALS's (6–8).
    public static let evidenceWeight: Float = 4

    /// Movies the user said they like, in the order written; `score` is the match confidence.
    public var liked: [ScoredMovie]
    /// Movies the user said they do not like, in the order written; `score` is the match confidence.
    public var disliked: [ScoredMovie]

    /// Creates a stated taste.
    public init(liked: [ScoredMovie], disliked: [ScoredMovie]) {
        self.liked = liked
        self.disliked = disliked
    }

    /// The movies `user`'s answers name in `matcher`'s catalogue; a movie named in both answers counts as neither.
    public init(user: User, matcher: TitleMatcher) {
        let liked = user.likes.map { matcher.matches(in: $0).matched } ?? []
        let disliked = user.dislikes.map { matcher.matches(in: $0).matched } ?? []
        let both = Set(liked.map(\.movie)).intersection(disliked.map(\.movie))
        self.liked = liked.filter { !both.contains($0.movie) }.map { ScoredMovie(movie: $0.movie, score: $0.confidence) }
        self.disliked = disliked.filter { !both.contains($0.movie) }.map { ScoredMovie(movie: $0.movie, score: $0.confidence) }
    }

    /// Whether the answers named no movie at all.
    public var isEmpty: Bool { liked.isEmpty && disliked.isEmpty }

    /// Every movie named, liked or not: never recommended back (a liked one was seen, a disliked one is unwanted).
    public var mentioned: Set<MovieID> { Set(liked.map(\.movie)).union(disliked.map(\.movie)) }

    /// The stated tastes of every user in `users` whose answers name at least one movie of `matcher`'s catalogue.
    public static func index(users: some Sequence<User>, matcher: TitleMatcher) -> [UserID: StatedTaste] {
        var tastes: [UserID: StatedTaste] = [:]
        for user in users where user.hasSelfDescription {
            let taste = StatedTaste(user: user, matcher: matcher)
            if !taste.isEmpty { tastes[user.id] = taste }
        }
        return tastes
    }
}

extension Recommender {
    /// What a user gets: the warm start when `taste` is given and the model can use it (see
    /// ``recommend(for:stating:count:excluding:)``), else the model's ordinary answer; never a movie the taste names.
    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>, statedTaste taste: StatedTaste?) -> [ScoredMovie] {
        guard let taste else { return recommend(for: user, count: count, excluding: excluded) }
        return recommend(for: user, stating: taste, count: count, excluding: excluded)
            ?? recommend(for: user, count: count, excluding: excluded.union(taste.mentioned))
    }

    /// Why `movie` is in what ``recommend(for:count:excluding:statedTaste:)`` gives: the warm start's reasons when it
    /// answered, else the model's ordinary explanation.
    public func explain(_ movie: MovieID, for user: UserID, statedTaste taste: StatedTaste?) -> Explanation {
        taste.flatMap { explain(movie, for: user, stating: $0) } ?? explain(movie, for: user)
    }
}
