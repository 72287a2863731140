import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeSimulator

/// Measures the warm start from sign-up self-descriptions against the plain cold start, on the simulator.
///
/// The simulated service runs for ``Configuration/trainingDays`` plus ``Configuration/followDays`` without
/// recommendations, every user answering the sign-up questions. Models train on everything before the cut-off (with
/// every user's demographics, as the store knows them, so the cold start is the demographic one served today). The
/// users whose accounts were created after the cut-off are the new users: their self-descriptions are matched to the
/// catalogue with ``TitleMatcher``, and their first watches are the targets (``WarmStartComparison``).
public struct WarmStartStudy: Sendable {
    /// The simulated world and what is measured.
    public struct Configuration: Sendable, Hashable {
        /// Simulated users (the highest `newAccountShare` of them sign up during the run).
        public var users: Int = 3_000
        /// Simulated movies.
        public var movies: Int = 600
        /// Days before the cut-off: the training data.
        public var trainingDays: Int = 14
        /// Days after the cut-off, in which the new users' first watches are observed.
        public var followDays: Int = 7
        /// Share of users who create their account during the run, evenly over all its days.
        public var newAccountShare: Double = 0.3
        /// How many first distinct watches of each new user are the targets.
        public var firstWatches: Int = 5
        /// The model kinds compared (``ModelKinds`` names).
        public var models: [String] = ["item-knn", "als"]
        /// The seed of the world and the models.
        public var seed: UInt64 = 7

        /// Creates a configuration; the defaults are the measurement of `bench/RESULTS.md`.
        public init() {}
    }

    /// What the study found.
    public struct Result: Sendable {
        /// Users with history before the cut-off.
        public var trainingUsers: Int
        /// Users who signed up after the cut-off and watched something.
        public var newUsers: Int
        /// Liked movies named by the new users, and how many of them title matching found exactly.
        public var namedLikes: Int
        /// See ``namedLikes``.
        public var matchedLikes: Int
        /// Mentions (liked or disliked) matched to a movie the user did not name.
        public var wrongMatches: Int
        /// The comparison per model kind, in the configured order.
        public var comparisons: [(model: String, comparison: WarmStartComparison)]
    }

    /// The settings.
    public let configuration: Configuration

    /// A study with `configuration`.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
    }

    /// Simulates, trains and measures.
    /// - Throws: `MarqueeError` for an impossible world, `ModelError` for an unknown model kind or untrainable data.
    public func run() async throws -> Result {
        let world = try Simulator(configuration: simulatorConfiguration)
        var sink = InMemoryEventLogSink()
        _ = try await world.run(writingTo: &sink)
        let cutOff = EventTime(microseconds: world.configuration.start.microseconds + Int64(configuration.trainingDays) * 86_400_000_000)
        let log = WarmStartLog(lines: sink.lines, cutOff: cutOff, firstWatches: configuration.firstWatches)

        var users: [UserID: User] = [:]
        for raw in 0..<configuration.users {
            if let id = UserID(Int64(raw)), let user = world.user(id) { users[id] = user }
        }
        let movies = world.catalogue.movies.movies
        let data = TrainingData(
            interactions: log.training, runtimes: movies.runtimesByID, users: users, genres: movies.genreNamesByID)

        let matcher = TitleMatcher(movies: movies)
        var result = Result(
            trainingUsers: Set(log.training.map(\.user)).count, newUsers: 0, namedLikes: 0, matchedLikes: 0, wrongMatches: 0, comparisons: [])
        var newUsers: [WarmStartComparison.NewUser] = []
        for (id, watches) in log.firstWatches.sorted(by: { $0.key < $1.key }) {
            guard let user = users[id], let truth = world.selfDescriptions.statedMovies(of: id) else { continue }
            let taste = StatedTaste(user: user, matcher: matcher)
            let named = Set(truth.liked + truth.disliked)
            result.namedLikes += truth.liked.count
            result.matchedLikes += Set(truth.liked).intersection(taste.liked.map(\.movie)).count
            result.wrongMatches += taste.mentioned.subtracting(named).count
            newUsers.append(.init(user: id, taste: taste, firstWatches: watches))
        }
        result.newUsers = newUsers.count
        for kind in configuration.models {
            var parameters = ["new_movie_slots": "0"]
            if ModelKinds.parameters(of: kind)?["seed"] != nil { parameters["seed"] = String(configuration.seed) }
            let model = try ModelKinds.trainer(kind: kind, parameters: parameters).train(on: data)
            result.comparisons.append((kind, try WarmStartComparison(model: model, newUsers: newUsers)))
        }
        return result
    }

    /// The simulator's settings: no faults, every user describing themselves, accounts created over the whole run.
    var simulatorConfiguration: SimulatorConfiguration {
        let days = configuration.trainingDays + configuration.followDays
        var simulator = SimulatorConfiguration(
            users: configuration.users, movies: configuration.movies, days: days, seed: configuration.seed,
            newAccountShare: configuration.newAccountShare, accountGrowthDays: max(1, days), faultRate: 0)
        simulator.selfDescriptionShare = 1
        return simulator
    }
}

/// A simulated log split at a cut-off: the interactions before it, and the first watches of the users who signed up
/// after it.
struct WarmStartLog {
    var training: [TrainingData.Interaction] = []
    var firstWatches: [UserID: [MovieID]] = [:]

    init(lines: [[UInt8]], cutOff: EventTime, firstWatches count: Int) {
        let codec = LogLineCodec()
        var minutes: [UserID: [MovieID: Int]] = [:]
        var ratings: [UserID: [MovieID: Int]] = [:]
        var newUsers = Set<UserID>()
        for line in lines {
            guard let event = line.withUnsafeBufferPointer({ try? codec.parse(utf8: $0) }) else { continue }
            if event.time < cutOff {
                switch event.kind {
                case .watch(let movie, _): minutes[event.user, default: [:]][movie, default: 0] += 1
                case .rate(let movie, let rating): ratings[event.user, default: [:]][movie] = rating
                default: break
                }
            } else if case .accountCreated = event.kind, minutes[event.user] == nil {
                newUsers.insert(event.user)
            } else if case .watch(let movie, _) = event.kind, newUsers.contains(event.user) {
                var watched = firstWatches[event.user, default: []]
                if watched.count < count, !watched.contains(movie) { watched.append(movie) }
                firstWatches[event.user] = watched
            }
        }
        for (user, movies) in minutes {
            for (movie, watched) in movies {
                training.append(.init(user: user, movie: movie, minutesWatched: watched, rating: ratings[user]?[movie]))
            }
        }
        training.sort { ($0.user, $0.movie) < ($1.user, $1.movie) }
    }
}
