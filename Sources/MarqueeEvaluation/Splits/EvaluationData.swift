import MarqueeCore
import MarqueeModels

/// What offline evaluation splits: the training data's interactions, each with the event time of its last event.
///
/// Temporal splits need every pair's time; ``TrainingData``'s is optional. Build it from the store's interactions
/// (`Interaction.lastTime` is the time of the latest watch or rate event of the pair).
public struct EvaluationData: Sendable {
    /// One (user, movie) pair with its feedback and the event time of its latest event.
    public struct Interaction: Hashable, Sendable {
        public var user: UserID
        public var movie: MovieID
        /// Minutes of the movie the user watched.
        public var minutesWatched: Int
        /// The user's latest rating of the movie, if any.
        public var rating: Int?
        /// Event time of the pair's latest watch or rate event.
        public var time: EventTime

        /// Creates an interaction.
        public init(user: UserID, movie: MovieID, minutesWatched: Int, rating: Int?, time: EventTime) {
            self.user = user
            self.movie = movie
            self.minutesWatched = minutesWatched
            self.rating = rating
            self.time = time
        }

        /// The interaction as models see it.
        public var training: TrainingData.Interaction {
            TrainingData.Interaction(user: user, movie: movie, minutesWatched: minutesWatched, rating: rating, time: time)
        }
    }

    /// A list the service showed a user, at the event time of its recommendation line.
    public struct Impression: Hashable, Sendable {
        public var user: UserID
        public var movies: [MovieID]
        public var time: EventTime

        /// Creates an impression.
        public init(user: UserID, movies: [MovieID], time: EventTime) {
            self.user = user
            self.movies = movies
            self.time = time
        }

        /// The impression without its time, as models see it.
        public var training: TrainingData.Impression { TrainingData.Impression(user: user, movies: movies) }
    }

    /// The timestamped interactions, one per (user, movie).
    public var interactions: [Interaction]
    /// The lists the service showed, when loaded (see ``TrainingData/impressions``).
    public var impressions: [Impression]
    /// Runtime in minutes of the movies whose runtime the catalogue knows.
    public var runtimes: [MovieID: Int]
    /// Demographics of the users the catalogue knows.
    public var users: [UserID: User]
    /// Genre names of the catalogue's movies.
    public var genres: [MovieID: [String]]

    /// Creates evaluation data.
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

    /// Training data made of all interactions, with this data's runtimes, users and the whole catalogue's genres.
    public func trainingData() -> TrainingData {
        TrainingData(
            interactions: interactions.map(\.training), runtimes: runtimes, users: users, genres: genres, impressions: impressions.map(\.training))
    }

    /// Training data made of `interactions` for offline evaluation. Unless `keepingNewMovies`, it has genres only of
    /// the movies in `interactions`, so the models see no new movie: a test that excludes movies absent from training
    /// (see ``SplitConfiguration/includeColdStart``) would count their places as misses.
    /// `impressions` are the lists shown that training may see (a split keeps only those before its test period).
    public func trainingData(_ interactions: [Interaction], keepingNewMovies: Bool = false, impressions: [Impression] = []) -> TrainingData {
        let trained = Set(interactions.map(\.movie))
        return TrainingData(
            interactions: interactions.map(\.training), runtimes: runtimes, users: users,
            genres: keepingNewMovies ? genres : genres.filter { trained.contains($0.key) }, impressions: impressions.map(\.training))
    }

    /// Whether `interaction` is positive feedback under `rule`: the relevance of offline evaluation.
    public func isPositive(_ interaction: Interaction, under rule: FeedbackRule) -> Bool {
        rule.weight(minutesWatched: interaction.minutesWatched, rating: interaction.rating, runtime: runtimes[interaction.movie]) > 0
    }
}
