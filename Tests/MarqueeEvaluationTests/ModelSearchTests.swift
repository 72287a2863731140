import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeTestSupport
import Synchronization
import Testing

/// Remembers the (user, movie) pairs of every piece of data handed to a search's training and scoring.
private final class DataRecorder: Sendable {
    private let handed = Mutex<[Set<String>]>([])

    static func pair(_ user: UserID, _ movie: MovieID) -> String { "\(user)|\(movie)" }

    func record(_ pairs: Set<String>) { handed.withLock { $0.append(pairs) } }

    var everything: [Set<String>] { handed.withLock { $0 } }

    /// A factory of catalogue trainers that record their training data.
    var trainerFactory: ModelSearch.TrainerFactory {
        { kind, parameters throws(ModelError) in RecordingTrainer(base: try ModelKinds.trainer(kind: kind, parameters: parameters), recorder: self)
        }
    }

    /// NDCG@20 that records the validation split it scores on: both its sides and every test case.
    var scorer: ModelSearch.Scorer {
        { model, validation in
            var pairs = Set((validation.train + validation.test).map { Self.pair($0.user, $0.movie) })
            for testCase in validation.cases {
                for movie in testCase.relevant.union(testCase.excluded) { pairs.insert(Self.pair(testCase.user, movie)) }
            }
            self.record(pairs)
            return evaluate(model, on: validation).metrics.ndcg20
        }
    }
}

private struct RecordingTrainer: RecommenderTrainer {
    let base: any RecommenderTrainer
    let recorder: DataRecorder
    var kind: String { base.kind }

    func train(on data: TrainingData) throws(ModelError) -> any Recommender {
        recorder.record(Set(data.interactions.map { DataRecorder.pair($0.user, $0.movie) }))
        return try base.train(on: data)
    }
}

@Suite(.dedicatedThreads)
struct ModelSearchTests {
    static let kinds = ["popularity", "item-knn", "als", "bpr"]
    static let methods: [SplitMethod] = [.defaultGlobal, .defaultPerUser]

    private static func data(seed: UInt64) -> EvaluationData { RandomEvaluationData.make(seed: seed, users: 80, movies: 30, maximumPerUser: 15) }

    @Test(arguments: kinds, methods)
    func noTrialTrainsOrScoresOnAnyInteractionOfTheTestSplit(kind: String, method: SplitMethod) throws {
        for seed in UInt64(1)...6 {
            // Given random data split into training and test
            let data = Self.data(seed: seed)
            let split = try EvaluationSplit(data, configuration: .init(method: method))
            let trainPairs = Set(split.train.map { DataRecorder.pair($0.user, $0.movie) })
            let testPairs = Set(data.interactions.map { DataRecorder.pair($0.user, $0.movie) }).subtracting(trainPairs)
            #expect(!testPairs.isEmpty)
            // When a search instrumented to record its data tunes on the split
            let recorder = DataRecorder()
            let search = try ModelSearch(
                kind: kind, baseParameters: kind == "bpr" ? ["iterations": "5"] : [:], budget: .init(trials: 4, seconds: 3_600), seed: seed,
                makeTrainer: recorder.trainerFactory, score: recorder.scorer)
            let result = try search.run(tuningOn: split)
            // Then every trial trained and was scored, and nothing handed to either holds a test interaction
            #expect(result.trials.count == 4 && result.trials.allSatisfy { $0.validationNDCG20 != nil })
            let handed = recorder.everything
            #expect(handed.count == 8)
            for pairs in handed {
                #expect(pairs.isDisjoint(with: testPairs), "seed \(seed): \(pairs.intersection(testPairs).sorted().prefix(3))")
                #expect(pairs.isSubset(of: trainPairs))
            }
        }
    }

    @Test(arguments: kinds)
    func tuningIsDeterministicForASeed(kind: String) throws {
        // Given one split and one seed
        let split = try EvaluationSplit(Self.data(seed: 5), configuration: .init(method: .defaultPerUser))
        let search = try ModelSearch(kind: kind, budget: .init(trials: 5, seconds: 3_600), seed: 11)
        // When the search runs twice
        let first = try search.run(tuningOn: split)
        let second = try search.run(tuningOn: split)
        // Then the trials, their scores and the choice are the same
        #expect(first.trials.map(\.parameters) == second.trials.map(\.parameters))
        #expect(first.trials.map(\.searched) == second.trials.map(\.searched))
        #expect(first.trials.map(\.validationNDCG20) == second.trials.map(\.validationNDCG20))
        #expect(first.best.number == second.best.number && first.chosenParameters == second.chosenParameters)
        #expect(first.summary == second.summary)
    }

    @Test func anotherSeedSamplesOtherTrials() throws {
        let split = try EvaluationSplit(Self.data(seed: 5), configuration: .init(method: .defaultPerUser))
        let one = try ModelSearch(kind: "als", budget: .init(trials: 4, seconds: 3_600), seed: 1).run(tuningOn: split)
        let other = try ModelSearch(kind: "als", budget: .init(trials: 4, seconds: 3_600), seed: 2).run(tuningOn: split)
        #expect(one.trials[0].parameters == other.trials[0].parameters)
        #expect(one.trials.dropFirst().map(\.parameters) != other.trials.dropFirst().map(\.parameters))
    }

    @Test func firstTrialIsTheBaseAndTheChoiceHasTheBestValidationScore() throws {
        // Given a base configuration with a fixed seed and thread count
        let split = try EvaluationSplit(Self.data(seed: 2), configuration: .init(method: .defaultPerUser))
        let base = ["seed": "7", "threads": "1", "factors": "64"]
        // When the search runs
        let result = try ModelSearch(kind: "als", baseParameters: base, budget: .init(trials: 6, seconds: 3_600), seed: 3).run(tuningOn: split)
        // Then trial 0 is the base alone, later trials keep the base's other keys, and the best score wins
        #expect(result.trials.map(\.number) == Array(0..<6))
        #expect(result.trials[0].parameters == base && result.base?.searched["factors"] == "64")
        #expect(result.trials.dropFirst().allSatisfy { $0.parameters["seed"] == "7" && $0.parameters["threads"] == "1" })
        let scores = result.trials.compactMap(\.validationNDCG20)
        #expect(result.best.validationNDCG20 == scores.max())
        #expect(result.stoppedBy == .trials && result.validation == .defaultPerUser && result.validationUsers > 0)
        #expect(result.summary.contains("chose trial \(result.best.number)") && result.trialLines.count == 6)
    }

    @Test func searchStartsNoTrialOnceItsTimeBudgetIsSpent() throws {
        // Given a clock that advances one second per reading (the search reads it once before each later trial and
        // twice per trial) and a budget of 10 trials but 5 seconds
        let split = try EvaluationSplit(Self.data(seed: 4), configuration: .init(method: .defaultPerUser))
        let search = try ModelSearch(kind: "popularity", budget: .init(trials: 10, seconds: 5), seed: 1)
        // When it runs
        let result = try search.run(tuningOn: split, clock: SteppingClock())
        // Then it stops after the trial that started before 5 seconds had passed, and says why
        #expect(result.trials.map(\.number) == [0, 1])
        #expect(result.stoppedBy == .time && result.summary.contains("stopped by time"))
    }

    @Test(arguments: methods)
    func halvingTrainsAndScoresOnlyOnTheTrainingPart(method: SplitMethod) throws {
        for seed in UInt64(1)...3 {
            // Given random data split into training and test
            let data = Self.data(seed: seed)
            let split = try EvaluationSplit(data, configuration: .init(method: method))
            let trainPairs = Set(split.train.map { DataRecorder.pair($0.user, $0.movie) })
            // When successive halving instrumented to record its data tunes ALS on the split
            let recorder = DataRecorder()
            let search = try ModelSearch(
                kind: "als", budget: .init(trials: 4, seconds: 3_600), seed: seed, strategy: .halving, makeTrainer: recorder.trainerFactory,
                score: recorder.scorer)
            let result = try search.run(tuningOn: split)
            // Then everything handed to training and scoring lies in the training part
            #expect(result.strategy == .halving)
            #expect(!recorder.everything.isEmpty && recorder.everything.allSatisfy { $0.isSubset(of: trainPairs) })
        }
    }

    @Test func halvingTrainsEveryConfigurationBrieflyTheBestThirdLongerAndChoosesAmongTheFullyTrained() throws {
        // Given ALS, whose space offers 10 or 15 iterations, and the work of 4 random trials
        let split = try EvaluationSplit(Self.data(seed: 5), configuration: .init(method: .defaultPerUser))
        let search = try ModelSearch(kind: "als", budget: .init(trials: 4, seconds: 3_600), seed: 11, strategy: .halving)
        #expect(search.halvingRungs == [2, 5, 15])
        // When successive halving runs
        let result = try search.run(tuningOn: split)
        // Then the base trains fully, 7 samples (3 × 12.5 iterations of work at 5⅓ each) train 2 iterations, the
        // best 3 of them 5, and the best of those 15
        let iterations = result.trials.map { $0.parameters["iterations"] ?? "base" }
        #expect(iterations == ["base"] + Array(repeating: "2", count: 7) + Array(repeating: "5", count: 3) + ["15"])
        let rungOne = result.trials[1...7].sorted { ($0.validationNDCG20 ?? 0, -$0.number) > ($1.validationNDCG20 ?? 0, -$1.number) }
        #expect(Set(result.trials[8...10].map(\.number)) == Set(rungOne.prefix(3).map(\.number)))
        // And the choice is the base or the fully trained sample, whichever validates better
        let finalists = [result.trials[0], result.trials[11]]
        #expect(result.best.validationNDCG20 == finalists.compactMap(\.validationNDCG20).max())
        #expect(result.summary.hasPrefix("successive halving of als"))
        // And it is deterministic for its seed
        #expect(try search.run(tuningOn: split).trials.map(\.validationNDCG20) == result.trials.map(\.validationNDCG20))
    }

    @Test func halvingFallsBackToRandomForAKindWithoutIterations() throws {
        let split = try EvaluationSplit(Self.data(seed: 5), configuration: .init(method: .defaultPerUser))
        let search = try ModelSearch(kind: "item-knn", budget: .init(trials: 3, seconds: 3_600), seed: 1, strategy: .halving)
        #expect(search.halvingRungs == nil)
        let result = try search.run(tuningOn: split)
        #expect(result.strategy == .random && result.trials.count == 3)
    }

    @Test func kindWithoutASearchSpaceIsRejectedNamingTheSearchableKinds() {
        let error = #expect(throws: EvaluationError.self) { try ModelSearch(kind: "svd") }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("svd") == true && error?.message.contains("als") == true)
    }

    @Test(arguments: [SearchBudget(trials: 0, seconds: 10), SearchBudget(trials: 3, seconds: 0), SearchBudget(trials: 3, seconds: -.infinity)])
    func budgetThatCannotRunATrialIsRejected(budget: SearchBudget) {
        let error = #expect(throws: EvaluationError.self) { try ModelSearch(kind: "als", budget: budget) }
        #expect(error?.code == .invalidConfiguration && error?.message.contains("budget") == true)
    }

    @Test func searchOfTooLittleTrainingDataFailsNamingTheValidationSplit() throws {
        // Given a split whose training part has one interaction per user, too few to hold any out
        func watch(_ user: Int64, _ movie: Int, at time: Int) -> EvaluationData.Interaction {
            EvaluationData.Interaction(
                user: LogFixture.user(user), movie: EvaluationFixtures.movie(movie), minutesWatched: 100, rating: nil, time: LogFixture.time(time))
        }
        let interactions = [watch(1, 1, at: 1), watch(1, 2, at: 2), watch(2, 2, at: 1), watch(2, 1, at: 2)]
        let split = try EvaluationSplit(EvaluationData(interactions: interactions), configuration: .init(method: .perUser(testFraction: 0.5)))
        // When it is searched
        let error = #expect(throws: EvaluationError.self) { try ModelSearch(kind: "popularity").run(tuningOn: split) }
        // Then the error says the validation split could not be carved
        #expect(error?.code == .insufficientData && error?.message.contains("validation") == true)
    }
}
