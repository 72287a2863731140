import MarqueeCore

/// What a model learns from: implicit feedback per (user, movie), derived from a data snapshot.
public struct TrainingData: Sendable {
    /// One observed (user, movie) pair with its feedback.
    public struct Interaction: Hashable, Sendable {
        public var user: UserID
        public var movie: MovieID
        /// Minutes of the movie the user watched.
        public var minutesWatched: Int
        /// The user's latest rating of the movie, if any.
        public var rating: Int?
        /// Event time of the pair's latest watch or rate event, when known: models that weigh recent interactions
        /// more (``RecencyWeighting``) order a user's history by it.
        public var time: EventTime?

        /// Creates an interaction.
        public init(user: UserID, movie: MovieID, minutesWatched: Int, rating: Int?, time: EventTime? = nil) {
            self.user = user
            self.movie = movie
            self.minutesWatched = minutesWatched
            self.rating = rating
            self.time = time
        }
    }

    /// One list of recommendations the service showed a user: the movies in it, best first.
    public struct Impression: Hashable, Sendable {
        public var user: UserID
        public var movies: [MovieID]

        /// Creates an impression.
        public init(user: UserID, movies: [MovieID]) {
            self.user = user
            self.movies = movies
        }
    }

    /// The observed interactions.
    public var interactions: [Interaction]
    /// Lists the service showed (from the event log's recommendation lines), when the loader was asked for them: what
    /// users came across and did or did not choose. Empty unless loaded; models that do not use them ignore them.
    public var impressions: [Impression]
    /// Runtime in minutes of the movies whose runtime the catalogue knows.
    public var runtimes: [MovieID: Int]
    /// Demographics of the users the catalogue knows, for cold start and per-group evaluation.
    public var users: [UserID: User]
    /// Genre names of the catalogue's movies, including movies nobody has watched yet (for the new-movie cold start).
    public var genres: [MovieID: [String]]

    /// Creates training data.
    public init(
        interactions: [Interaction], runtimes: [MovieID: Int] = [:], users: [UserID: User] = [:], genres: [MovieID: [String]] = [:],
        impressions: [Impression] = []
    ) {
        self.interactions = interactions
        self.impressions = impressions
        self.runtimes = runtimes
        self.users = users
        self.genres = genres
    }

    /// The movies each user has watched at least one minute of, for excluding them from recommendations.
    public func watchedMovies() -> [UserID: Set<MovieID>] {
        var watched: [UserID: Set<MovieID>] = [:]
        for interaction in interactions where interaction.minutesWatched > 0 {
            watched[interaction.user, default: []].insert(interaction.movie)
        }
        return watched
    }
}
