import MarqueeCore

/// Recommends the movies most users engaged with, minus what the user already watched.
///
/// A movie counts once per user who watched at least ``Configuration/minimumMinutes`` of it or rated it
/// at least ``Configuration/minimumRating``. Ties are broken by total minutes, then by slug, so training
/// is deterministic.
public struct PopularityRecommender: Recommender {
    /// Hyperparameters.
    public struct Configuration: Hashable, Sendable {
        /// Minutes a user must watch for the movie to count as engaged with.
        public var minimumMinutes: Int
        /// A rating at least this high counts as engagement even without watching.
        public var minimumRating: Int

        /// Creates a configuration.
        public init(minimumMinutes: Int = 10, minimumRating: Int = 4) {
            self.minimumMinutes = minimumMinutes
            self.minimumRating = minimumRating
        }
    }

    /// Movies by decreasing popularity.
    public let ranking: [ScoredMovie]
    /// The hyperparameters used.
    public let configuration: Configuration
    private let scoreByMovie: [MovieID: Double]

    /// Trains on `data`.
    public init(training data: TrainingData, configuration: Configuration = .init()) {
        var users: [MovieID: Int] = [:]
        var minutes: [MovieID: Int] = [:]
        for interaction in data.interactions {
            minutes[interaction.movie, default: 0] += interaction.minutesWatched
            let engaged =
                interaction.minutesWatched >= configuration.minimumMinutes
                || (interaction.rating ?? 0) >= configuration.minimumRating
            if engaged { users[interaction.movie, default: 0] += 1 }
        }
        let ranked = minutes.keys.sorted { lhs, rhs in
            let (l, r) = (users[lhs, default: 0], users[rhs, default: 0])
            if l != r { return l > r }
            let (lm, rm) = (minutes[lhs, default: 0], minutes[rhs, default: 0])
            if lm != rm { return lm > rm }
            return lhs < rhs
        }
        self.ranking = ranked.map { ScoredMovie(movie: $0, score: Double(users[$0, default: 0])) }
        self.scoreByMovie = Dictionary(uniqueKeysWithValues: ranking.map { ($0.movie, $0.score) })
        self.configuration = configuration
    }

    /// Assembles a model from a ranking (artifact decoding validates it).
    init(ranking: [ScoredMovie], configuration: Configuration) {
        self.ranking = ranking
        self.scoreByMovie = Dictionary(ranking.map { ($0.movie, $0.score) }, uniquingKeysWith: { first, _ in first })
        self.configuration = configuration
    }

    public var descriptor: ModelDescriptor {
        ModelDescriptor(
            kind: "popularity",
            hyperparameters: ["minimum_minutes": String(configuration.minimumMinutes), "minimum_rating": String(configuration.minimumRating)],
            movieCount: ranking.count,
            userCount: 0,
            memoryBytes: ranking.count * (MemoryLayout<ScoredMovie>.stride + 48)
        )
    }

    /// Everyone gets the same ranking.
    public var answersStrangersAlike: Bool { true }

    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] {
        movies.map { scoreByMovie[$0] }
    }

    public func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        guard let score = scoreByMovie[movie] else { return Explanation(reasons: []) }
        return Explanation(reasons: [.init(text: "watched by \(Int(score)) users", contribution: score)])
    }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        var result: [ScoredMovie] = []
        result.reserveCapacity(max(0, count))
        for candidate in ranking where result.count < count {
            if !excluded.contains(candidate.movie) { result.append(candidate) }
        }
        return result
    }
}
