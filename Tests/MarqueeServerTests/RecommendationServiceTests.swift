import Foundation
import InMemoryLogging
import Logging
import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import Testing

/// A model that takes `delay` to answer any user but the cold-start probe, and ranks movies `slow0+2000`, `slow1+2000`, ….
private struct SlowRecommender: Recommender {
    let delay: TimeInterval

    var descriptor: ModelDescriptor { ModelDescriptor(kind: "slow", movieCount: 30, userCount: 0) }

    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        if user != .highest { Thread.sleep(forTimeInterval: delay) }
        let movies = (0..<30).compactMap { MovieID("slow\($0)+2000") }.filter { !excluded.contains($0) }
        return movies.prefix(count).enumerated().map { ScoredMovie(movie: $0.element, score: Double(30 - $0.offset)) }
    }

    func scores(for user: UserID, movies: [MovieID]) -> [Double?] { movies.map { _ in nil } }
    func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: []) }
}

@Suite(.dedicatedThreads)
struct RecommendationServiceTests {
    @Test func deadlineFallbackAnswersWhenTheModelIsTooSlow() async throws {
        // Given a model slowed to 1 s and a 50 ms deadline, and a user who watched the top movie
        let watched: [UserID: Set<MovieID>] = [UserID(5)!: [MovieID("slow0+2000")!]]
        let service = RecommendationService(
            model: ServingModel(recommender: SlowRecommender(delay: 1), watched: watched, version: "slow"), deadline: .milliseconds(50),
            computeQueue: DispatchQueue(label: "slow-model-test"))  // its own thread: the sleep starves no other test
        // When a request comes in
        let answer = await service.answer(for: UserID(5)!)
        // Then the fallback list answers (the model, 1 s late, did not), without the watched movie
        #expect(answer.usedFallback)
        #expect(answer.movies.count == 20)
        #expect(!answer.movies.contains(MovieID("slow0+2000")!))
        #expect(service.fallbackCount == 1)
    }

    @Test func modelAnswersWhenWithinTheDeadline() async throws {
        let service = RecommendationService(
            model: ServingModel(recommender: SlowRecommender(delay: 0), watched: [:], version: "fast"), deadline: .seconds(5))
        let answer = await service.answer(for: UserID(5)!)
        #expect(!answer.usedFallback)
        #expect(answer.modelVersion == "fast")
        #expect(answer.movies.first?.slug == "slow0+2000")
        #expect(service.fallbackCount == 0)
    }
}

@Suite(.dedicatedThreads)
struct PrecomputedAnswerTests {
    @Test func precomputedAnswersEqualComputedOnesAndStillExcludeNewWatches() async throws {
        // Given an item-kNN model served with and without precomputed lists
        let data = ModelFixtures.clustered()
        let model = try ModelKinds.trainer(kind: "item-knn").train(on: data)
        let plain = ServingModel(recommender: model, watched: data.watchedMovies(), version: "knn")
        let service = RecommendationService(model: plain)
        let user = try #require(model.personalisedUsers.first)
        let computed = await service.answer(for: user)
        // When the lists are attached
        #expect(service.attach(plain.withPrecomputedLists(threads: 2)))
        #expect(service.model.precomputed?.count == model.personalisedUsers.count)
        // Then the answer is the same
        let looked = await service.answer(for: user)
        #expect(looked.movies == computed.movies && !looked.usedFallback)
        // And a movie the user watched since is left out
        let watchedNow = try #require(looked.movies.first)
        var watched = data.watchedMovies()
        watched[user, default: []].insert(watchedNow)
        service.updateWatched(watched)
        let after = await service.answer(for: user)
        #expect(!after.movies.contains(watchedNow))
        #expect(Array(after.movies.prefix(computed.movies.count - 1)) == Array(computed.movies.dropFirst()))
    }

    @Test func aVersionThatBecomesProductionGetsItsAnswersComputedAheadToo() async throws {
        // Given a server computing answers ahead, with the first version's lists attached
        let data = ModelFixtures.clustered()
        let model = try ModelKinds.trainer(kind: "item-knn").train(on: data)
        let service = RecommendationService(model: ServingModel(recommender: model, watched: data.watchedMovies(), version: "v1"))
        let precompute = PrecomputeService(service: service, logger: Logger(label: "test"))
        #expect(await precompute.precomputeIfNeeded())
        #expect(service.model.precomputed?.count == model.personalisedUsers.count)
        #expect(!(await precompute.precomputeIfNeeded()))
        // When another version is deployed (by the registry or the admin API), without lists
        service.deploy(ServingModel(recommender: model, watched: data.watchedMovies(), version: "v2"))
        #expect(service.model.precomputed == nil)
        // Then its lists are computed and attached in turn
        #expect(await precompute.precomputeIfNeeded())
        #expect(service.model.version == "v2" && service.model.precomputed?.count == model.personalisedUsers.count)
        // And rolling back restores the first version with the lists it had
        #expect(service.rollback()?.version == "v1")
        #expect(service.model.precomputed != nil)
    }

    @Test func aCancelledWarmUpStopsAndThrowsInsteadOfServingPartialLists() async throws {
        // Given a model to warm up, in a task that is cancelled (as a shutdown cancels a warm-up in progress)
        let data = ModelFixtures.clustered()
        let model = try ModelKinds.trainer(kind: "item-knn").train(on: data)
        let serving = ServingModel(recommender: model, watched: data.watchedMovies(), version: "v1")
        let logs = InMemoryLogHandler()
        let warmUp = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await PrecomputeService.precomputed(serving, logger: Logger(label: "test") { _ in logs })
        }
        // Then it throws CancellationError, and says so, rather than returning lists for only some users
        await #expect(throws: CancellationError.self) { try await warmUp.value }
        #expect(logs.entries.map { "\($0.message)" } == ["Precomputing answers stopped: cancelled"])
    }

    @Test func aCanaryAndExperimentArmsGetTheirAnswersComputedAheadAfterProduction() async throws {
        // Given a server computing answers ahead, with production's lists attached
        let data = ModelFixtures.clustered()
        let model = try ModelKinds.trainer(kind: "item-knn").train(on: data)
        let serving = { (version: String) in ServingModel(recommender: model, watched: data.watchedMovies(), version: version) }
        let service = RecommendationService(model: serving("v1"))
        let logs = InMemoryLogHandler()
        let precompute = PrecomputeService(service: service, logger: Logger(label: "test") { _ in logs })
        #expect(await precompute.precomputeIfNeeded())
        // When a canary starts, and an experiment of v3 against production (loaded again as its control)
        service.setCanary(serving("v2"), share: 0.5)
        service.startExperiment(.init(name: "e", control: serving("v1"), treatment: serving("v3"), treatmentShare: 0.5))
        // Then the canary's lists are computed next, then the control shares production's, then the treatment's
        #expect(await precompute.precomputeIfNeeded())
        #expect(service.current.canary?.precomputed?.count == model.personalisedUsers.count)
        #expect(await precompute.precomputeIfNeeded())
        #expect(service.current.experiment?.control.precomputed?.count == model.personalisedUsers.count)
        #expect(service.current.experiment?.treatment.precomputed == nil)
        #expect(await precompute.precomputeIfNeeded())
        #expect(service.current.experiment?.treatment.precomputed?.count == model.personalisedUsers.count)
        #expect(!(await precompute.precomputeIfNeeded()))
        // And lists were computed three times, once per version: the control's were production's
        #expect(logs.entries.filter { "\($0.message)" == "Precomputed answers" }.map { $0.metadata["model.version"] } == ["v1", "v2", "v3"])
        // And a canary user's answer is a lookup in the canary's lists, equal to the canary model's own answer
        let user = try #require(model.personalisedUsers.first { service.route(for: $0).route == .canary })
        let answer = try #require(service.precomputedAnswer(for: user))
        #expect(answer.modelVersion == "v2" && answer.route == .canary)
        #expect(answer.movies == service.recommendations(for: user))
    }

    @Test func attachingToAVersionThatNoLongerServesChangesNothing() throws {
        let data = ModelFixtures.clustered()
        let model = try ModelKinds.trainer(kind: "item-knn").train(on: data)
        let service = RecommendationService(model: ServingModel(recommender: model, watched: [:], version: "a"))
        #expect(!service.attach(ServingModel(recommender: model, watched: [:], version: "b").withPrecomputedLists(threads: 1)))
        #expect(service.model.precomputed == nil)
    }
}
