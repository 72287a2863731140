import Foundation
import MarqueeCore
import MarqueeModels
import MarqueeServer
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

struct RecommendationServiceTests {
    @Test func deadlineFallbackAnswersWhenTheModelIsTooSlow() async throws {
        // Given a model slowed to 1 s and a 50 ms deadline, and a user who watched the top movie
        let watched: [UserID: Set<MovieID>] = [UserID(5)!: [MovieID("slow0+2000")!]]
        let service = RecommendationService(
            model: ServingModel(recommender: SlowRecommender(delay: 1), watched: watched, version: "slow"), deadline: .milliseconds(50))
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
