import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeTestSupport
import Testing

struct EvaluationSplitTests {
    static let methods: [SplitMethod] = [.defaultGlobal, .defaultPerUser, .global(quantile: 0.5), .perUser(testFraction: 0.4)]

    @Test(arguments: methods)
    func noTestInteractionOfAUserLeaksIntoThatUsersTraining(method: SplitMethod) throws {
        for seed in UInt64(1)...25 {
            // Given random timestamped interactions with ties in time
            let data = RandomEvaluationData.make(seed: seed)
            // When they are split
            let split = try EvaluationSplit(data, configuration: .init(method: method))
            // Then no (user, movie) pair is on both sides, and each user's training precedes that user's test
            let trainPairs = Set(split.train.map { "\($0.user)|\($0.movie)" })
            #expect(split.test.allSatisfy { !trainPairs.contains("\($0.user)|\($0.movie)") })
            var latestTrain: [UserID: EventTime] = [:]
            for interaction in split.train {
                latestTrain[interaction.user] = max(latestTrain[interaction.user] ?? interaction.time, interaction.time)
            }
            for interaction in split.test {
                if let latest = latestTrain[interaction.user] { #expect(latest <= interaction.time, "seed \(seed): \(interaction)") }
            }
            if let cut = split.cutTime {
                #expect(split.train.allSatisfy { $0.time < cut })
                #expect(split.test.allSatisfy { $0.time >= cut })
            }
            // And the models' training data is exactly the training side
            #expect(split.trainingData.interactions.count == split.train.count)
            // And no test case expects a movie the user has in training, nor excludes one it expects
            for testCase in split.cases { #expect(testCase.relevant.isDisjoint(with: testCase.excluded)) }
        }
    }

    @Test(arguments: methods)
    func testHasOnlyUsersAndMoviesWithPositiveTrainingFeedback(method: SplitMethod) throws {
        // Given random data
        let data = RandomEvaluationData.make(seed: 7)
        let rule = FeedbackRule()
        // When it is split without cold start
        let split = try EvaluationSplit(data, configuration: .init(method: method, rule: rule))
        // Then every test user and movie has positive feedback in training
        let positive = split.train.filter { data.isPositive($0, under: rule) }
        let users = Set(positive.map(\.user))
        let movies = Set(positive.map(\.movie))
        #expect(split.test.allSatisfy { users.contains($0.user) && movies.contains($0.movie) })
        #expect(split.test.count + split.droppedTestInteractions + split.train.count == data.interactions.count)
        #expect(Set(split.popularityRanking) == movies)
        // And relevant movies are exactly the positive test interactions
        let relevantCount = split.cases.reduce(0) { $0 + $1.relevant.count }
        #expect(relevantCount == split.test.filter { data.isPositive($0, under: rule) }.count)
    }

    @Test(arguments: methods)
    func noListShownInAUsersTestPeriodReachesTraining(method: SplitMethod) throws {
        for seed in UInt64(1)...25 {
            // Given random interactions and, for every interaction, a list shown to its user at the same instant
            var data = RandomEvaluationData.make(seed: seed)
            data.impressions = data.interactions.map { EvaluationData.Impression(user: $0.user, movies: [$0.movie], time: $0.time) }
            // When they are split
            let split = try EvaluationSplit(data, configuration: .init(method: method))
            // Then training keeps only lists shown before the cut and before the user's first held-out interaction
            var testStart: [UserID: EventTime] = [:]
            for interaction in split.test { testStart[interaction.user] = min(testStart[interaction.user] ?? interaction.time, interaction.time) }
            let allowed = Set(
                data.impressions.filter { impression in
                    (split.cutTime.map { impression.time < $0 } ?? true) && (testStart[impression.user].map { impression.time < $0 } ?? true)
                }.map(\.training))
            #expect(split.trainingData.impressions.allSatisfy(allowed.contains), "seed \(seed)")
            #expect(!split.trainingData.impressions.isEmpty, "seed \(seed): lists shown before the test period are kept")
            // And no held-out movie of a user is in a list training sees for that user
            let shownInTraining = Set(split.trainingData.impressions.flatMap { impression in impression.movies.map { "\(impression.user)|\($0)" } })
            #expect(split.test.allSatisfy { !shownInTraining.contains("\($0.user)|\($0.movie)") }, "seed \(seed)")
        }
    }

    @Test func coldStartKeepsUnknownUsersAndMovies() throws {
        // Given a user seen only after the cut
        var data = RandomEvaluationData.make(seed: 3)
        let newcomer = LogFixture.user(9_999)
        data.interactions.append(
            .init(user: newcomer, movie: EvaluationFixtures.movie(1), minutesWatched: 100, rating: 5, time: LogFixture.time(40 * 86_400)))
        // When split with and without cold start
        let without = try EvaluationSplit(data, configuration: .init(method: .defaultGlobal))
        let with = try EvaluationSplit(data, configuration: .init(method: .defaultGlobal, includeColdStart: true))
        // Then only the cold-start split tests the newcomer
        #expect(!without.cases.contains { $0.user == newcomer })
        #expect(with.cases.contains { $0.user == newcomer })
        #expect(with.droppedTestInteractions == 0)
    }

    @Test func perUserSplitHoldsOutEachUsersLatestFifth() throws {
        // Given one user with 10 interactions at hours 0…9 (inserted shuffled) and one with 4 that include the first's last two movies
        let user = LogFixture.user(1)
        var interactions = (0..<10).map { hour in
            EvaluationData.Interaction(
                user: user, movie: EvaluationFixtures.movie(hour), minutesWatched: 100, rating: nil, time: LogFixture.time(hour * 3_600))
        }
        interactions.swapAt(0, 9)
        interactions.swapAt(3, 8)
        interactions += [8, 9, 0, 1].enumerated().map { index, movie in
            EvaluationData.Interaction(
                user: LogFixture.user(2), movie: EvaluationFixtures.movie(movie), minutesWatched: 100, rating: nil,
                time: LogFixture.time(index * 60))
        }
        // When split per user
        let split = try EvaluationSplit(EvaluationData(interactions: interactions), configuration: .init(method: .defaultPerUser))
        // Then user 1's last 2 by time are test; user 2's 4 × 0.2 rounds down to none
        #expect(Set(split.test.map(\.movie)) == [EvaluationFixtures.movie(8), EvaluationFixtures.movie(9)])
        #expect(split.train.filter { $0.user == user }.count == 8)
        #expect(split.train.filter { $0.user == LogFixture.user(2) }.count == 4)
        #expect(split.cases.map(\.user) == [user])
        #expect(split.cutTime == nil)
    }

    @Test func globalSplitCutsAtTheQuantileOfEventTime() throws {
        // Given 10 interactions at hours 0…9 of two users
        let interactions = (0..<10).map { hour in
            EvaluationData.Interaction(
                user: LogFixture.user(Int64(hour % 2)), movie: EvaluationFixtures.movie(hour % 5), minutesWatched: 100, rating: nil,
                time: LogFixture.time(hour * 3_600))
        }
        // When split globally at the 0.8 quantile
        let split = try EvaluationSplit(EvaluationData(interactions: interactions), configuration: .init(method: .global(quantile: 0.8)))
        // Then the cut is at hour 8: 8 interactions train, 2 test
        #expect(split.cutTime == LogFixture.time(8 * 3_600))
        #expect(split.train.count == 8)
        #expect(split.test.count == 2)
    }

    @Test func splittingIsDeterministic() throws {
        let data = RandomEvaluationData.make(seed: 11)
        for method in Self.methods {
            let first = try EvaluationSplit(data, configuration: .init(method: method))
            let second = try EvaluationSplit(
                EvaluationData(interactions: data.interactions.reversed(), users: data.users), configuration: .init(method: method))
            #expect(first.cases == second.cases)
            #expect(Set(first.train) == Set(second.train))
            #expect(first.popularityRanking == second.popularityRanking)
        }
    }

    @Test func rejectsBadSettingsAndEmptyData() {
        let data = RandomEvaluationData.make(seed: 1)
        #expect(throws: EvaluationError.self) { try EvaluationSplit(data, configuration: .init(method: .global(quantile: 1))) }
        #expect(throws: EvaluationError.self) { try EvaluationSplit(data, configuration: .init(method: .perUser(testFraction: 0))) }
        #expect(throws: EvaluationError.self) { try EvaluationSplit(EvaluationData(interactions: [])) }
    }
}
