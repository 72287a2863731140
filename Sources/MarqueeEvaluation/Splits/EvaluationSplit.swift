import MarqueeCore
import MarqueeModels

/// One user's test: the movies to find, and the movies not to recommend because training already has them.
public struct TestCase: Hashable, Sendable {
    /// The user.
    public var user: UserID
    /// Test movies with positive feedback under the split's rule (relevant items).
    public var relevant: Set<MovieID>
    /// Movies of the user's training interactions; recommendations exclude them.
    public var excluded: Set<MovieID>

    /// Creates a test case.
    public init(user: UserID, relevant: Set<MovieID>, excluded: Set<MovieID>) {
        self.user = user
        self.relevant = relevant
        self.excluded = excluded
    }
}

/// Training and test data divided by event time, with no test interaction of a user in that user's training data.
public struct EvaluationSplit: Sendable {
    /// The settings used.
    public let configuration: SplitConfiguration
    /// Training interactions.
    public let train: [EvaluationData.Interaction]
    /// Test interactions kept (of users and movies known to training unless cold start is evaluated).
    public let test: [EvaluationData.Interaction]
    /// What models train on: ``train`` with the data's runtimes and users.
    public let trainingData: TrainingData
    /// One case per test user with at least one relevant movie, by user id.
    public let cases: [TestCase]
    /// The cut time of a global split; `nil` for per-user splits.
    public let cutTime: EventTime?
    /// Test interactions dropped because training has no positive feedback of their user or movie.
    public let droppedTestInteractions: Int
    /// Movies with positive training feedback, by decreasing number of users (ties by id): rank 1 is first.
    public let popularityRanking: [MovieID]

    /// Splits `data`.
    /// - Throws: ``EvaluationError`` `.invalidConfiguration` for a quantile or fraction outside (0, 1);
    ///   `.insufficientData` when training or test would be empty.
    public init(_ data: EvaluationData, configuration: SplitConfiguration = .init()) throws(EvaluationError) {
        guard !data.interactions.isEmpty else {
            throw EvaluationError(.insufficientData, "there are no interactions to split: ingest watch or rate events into the store first")
        }
        var train: [EvaluationData.Interaction] = []
        var test: [EvaluationData.Interaction] = []
        var cutTime: EventTime?
        switch configuration.method {
        case .global(let quantile):
            guard quantile > 0, quantile < 1 else {
                throw EvaluationError(.invalidConfiguration, "the global split's quantile must be between 0 and 1 (exclusive), got \(quantile)")
            }
            let times = data.interactions.map(\.time).sorted()
            let cut = times[min(times.count - 1, Int((Double(times.count) * quantile).rounded(.down)))]
            cutTime = cut
            for interaction in data.interactions {
                if interaction.time < cut { train.append(interaction) } else { test.append(interaction) }
            }
        case .perUser(let fraction):
            guard fraction > 0, fraction < 1 else {
                throw EvaluationError(
                    .invalidConfiguration, "the per-user split's test fraction must be between 0 and 1 (exclusive), got \(fraction)")
            }
            var byUser: [UserID: [EvaluationData.Interaction]] = [:]
            for interaction in data.interactions { byUser[interaction.user, default: []].append(interaction) }
            for user in byUser.keys.sorted() {
                let ordered = (byUser[user] ?? []).sorted { ($0.time, $0.movie) < ($1.time, $1.movie) }
                let testCount = Int((Double(ordered.count) * fraction).rounded(.down))
                train.append(contentsOf: ordered.dropLast(testCount))
                test.append(contentsOf: ordered.suffix(testCount))
            }
        }
        let positiveTrain = train.filter { data.isPositive($0, under: configuration.rule) }
        guard !positiveTrain.isEmpty else {
            throw EvaluationError(
                .insufficientData,
                "the \(configuration.method.kind) split leaves no positive feedback to train on (\(train.count) training interactions): "
                    + "use more data or a later cut")
        }
        let knownUsers = Set(positiveTrain.map(\.user))
        var usersPerMovie: [MovieID: Int] = [:]
        for interaction in positiveTrain { usersPerMovie[interaction.movie, default: 0] += 1 }
        let keptTest =
            configuration.includeColdStart
            ? test : test.filter { knownUsers.contains($0.user) && usersPerMovie[$0.movie] != nil }
        var excluded: [UserID: Set<MovieID>] = [:]
        for interaction in train { excluded[interaction.user, default: []].insert(interaction.movie) }
        var relevant: [UserID: Set<MovieID>] = [:]
        for interaction in keptTest where data.isPositive(interaction, under: configuration.rule) {
            relevant[interaction.user, default: []].insert(interaction.movie)
        }
        let cases = relevant.keys.sorted().map { user in
            TestCase(user: user, relevant: relevant[user] ?? [], excluded: excluded[user] ?? [])
        }
        guard !cases.isEmpty else {
            throw EvaluationError(
                .insufficientData,
                "the \(configuration.method.kind) split leaves no test user with positive feedback on a movie known to training "
                    + "(\(test.count) test interactions): use more data, an earlier cut, or --split per-user")
        }
        self.configuration = configuration
        self.train = train
        self.test = keptTest
        // Lists shown from a user's test period on are left out of training: they were shown knowing what came before.
        var testStart: [UserID: EventTime] = [:]
        for interaction in test { testStart[interaction.user] = min(testStart[interaction.user] ?? interaction.time, interaction.time) }
        let shownBefore = data.impressions.filter { impression in
            if let cutTime, impression.time >= cutTime { return false }
            return testStart[impression.user].map { impression.time < $0 } ?? true
        }
        self.trainingData = data.trainingData(train, keepingNewMovies: configuration.includeColdStart, impressions: shownBefore)
        self.cases = cases
        self.cutTime = cutTime
        self.droppedTestInteractions = test.count - keptTest.count
        self.popularityRanking = usersPerMovie.keys.sorted { lhs, rhs in
            let (l, r) = (usersPerMovie[lhs, default: 0], usersPerMovie[rhs, default: 0])
            return l != r ? l > r : lhs < rhs
        }
    }

    /// Users with at least one training interaction.
    public var trainUserCount: Int { Set(train.map(\.user)).count }
}
