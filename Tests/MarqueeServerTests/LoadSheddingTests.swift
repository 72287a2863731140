import Dispatch
import Foundation
import MarqueeCore
import MarqueeModels
import MarqueeServer
import Synchronization
import Testing

/// A model that counts the answers it computes (not the fallback probe, `.highest`).
private final class CountingRecommender: Recommender, Sendable {
    private let calls = Atomic<Int>(0)

    var callCount: Int { calls.load(ordering: .relaxed) }
    var descriptor: ModelDescriptor { ModelDescriptor(kind: "counting", movieCount: 30, userCount: 0) }

    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        if user != .highest { calls.add(1, ordering: .relaxed) }
        let movies = (0..<30).compactMap { MovieID("counted\($0)+2000") }.filter { !excluded.contains($0) }
        return movies.prefix(count).enumerated().map { ScoredMovie(movie: $0.element, score: Double(30 - $0.offset)) }
    }

    func scores(for user: UserID, movies: [MovieID]) -> [Double?] { movies.map { _ in nil } }
    func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: []) }
}

/// Computations wait on a queue of their own, suspended until the test resumes it: they hold their slots meanwhile,
/// without blocking a thread that other tests' computations need.
struct LoadSheddingTests {
    @Test func aRequestBeyondTheLiveLimitIsAnsweredFromTheFallbackAtOnceWithoutRunningTheModel() async throws {
        // Given a service allowing 2 live computations, with 2 requests whose computations wait for a thread
        let model = CountingRecommender()
        let queue = DispatchQueue(label: "held", attributes: .concurrent)
        queue.suspend()
        let service = RecommendationService(
            model: ServingModel(recommender: model, watched: [:], version: "counting"), deadline: .seconds(60), liveComputationLimit: 2,
            computeQueue: queue)
        let first = Task { await service.answer(for: UserID(1)!) }
        let second = Task { await service.answer(for: UserID(2)!) }
        while service.liveComputationsInFlight < 2 { try await Task.sleep(for: .milliseconds(5)) }

        // When a third request comes
        let third = await service.answer(for: UserID(3)!)

        // Then it is shed: the fallback list answers it at once, and the model is never asked
        #expect(third.shed && third.usedFallback)
        #expect(third.movies.count == 20)
        #expect(service.shedCount == 1)

        // And once the computations run, the first two get the model's answers and their slots are free again
        queue.resume()
        #expect(await !first.value.usedFallback)
        #expect(await !second.value.usedFallback)
        #expect(model.callCount == 2)
        while service.liveComputationsInFlight > 0 { try await Task.sleep(for: .milliseconds(5)) }
        let fourth = await service.answer(for: UserID(4)!)
        #expect(!fourth.usedFallback && !fourth.shed)
        #expect(service.shedCount == 1)
    }

    @Test func aComputationStillWaitingForAThreadAtItsDeadlineIsNeverStarted() async throws {
        // Given a service whose computations wait on a suspended queue, with a 20 ms deadline
        let model = CountingRecommender()
        let queue = DispatchQueue(label: "held")
        queue.suspend()
        let service = RecommendationService(
            model: ServingModel(recommender: model, watched: [:], version: "counting"), deadline: .milliseconds(20), computeQueue: queue)

        // When a request passes its deadline before its computation could start, and the queue then runs
        let answer = await service.answer(for: UserID(1)!)
        queue.resume()
        while service.liveComputationsInFlight > 0 { try await Task.sleep(for: .milliseconds(5)) }

        // Then the fallback answered, and the model was never asked for the late answer
        #expect(answer.usedFallback && !answer.shed)
        #expect(model.callCount == 0)
        #expect(service.skippedLateCount == 1)
    }
}
