import Foundation
import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

/// The hard safety filter (SPEC.md §4, docs/safety.md): a user under 18 never gets an adult movie, on every path an
/// answer can take, and still gets a full answer of 20; adults still get adult movies.
///
/// The fixture: two taste clusters of 20 movies each; every movie of cluster b (the more popular one) is adult. Users
/// 25 and 26 are personalised users of cluster b, so the models rank adult movies first for them.
@Suite(.dedicatedThreads)
struct AgeRestrictionServingTests {
    private typealias M = ModelFixtures
    private static let data = M.clustered(moviesPerCluster: 20)
    private static let adultMovies = Set((0..<20).map { M.movie(cluster: 1, $0) })
    private static let minor = UserID(25)!, adult = UserID(26)!
    private static let newMinor = UserID(5_001)!, newAdult = UserID(5_002)!, newWithoutRecord = UserID(5_003)!

    /// Every movie of the fixture as a catalogue record, cluster b's marked adult.
    private static func catalogue() -> [Movie] {
        (0..<2).flatMap { cluster in
            (0..<20).map { number in
                Movie(
                    id: M.movie(cluster: cluster, number), title: "\(cluster == 0 ? "Alpha" : "Bravo") \(number)", adult: cluster == 1,
                    releaseDate: "2000-01-01")
            }
        }
    }

    private static let users = [
        User(id: minor, age: 15), User(id: adult, age: 47), User(id: newMinor, age: 17), User(id: newAdult, age: 18),
    ]

    /// A service of `recommender`; its computations run on a serial queue of their own, so that a model sleeping past
    /// the deadline holds its own thread, not one of the shared compute pool that tests running alongside need.
    private static func service(_ recommender: any Recommender, deadline: Duration = .seconds(10)) -> RecommendationService {
        let service = RecommendationService(
            model: ServingModel(recommender: recommender, watched: data.watchedMovies(), version: "v"), deadline: deadline,
            computeQueue: DispatchQueue(label: "age-restriction-test"))
        service.updateAgeRestriction(AgeRestriction(users: users, movies: catalogue()))
        return service
    }

    private static func knn() throws -> any Recommender {
        try ModelKinds.trainer(kind: "item-knn", parameters: ["neighbours": "20"]).train(on: data)
    }

    /// A full answer without any adult movie.
    private func expectSafe(_ movies: [MovieID], _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(movies.count == RecommendationService.maximumCount, "\(path): \(movies.map(\.slug))", sourceLocation: sourceLocation)
        #expect(movies.allSatisfy { !Self.adultMovies.contains($0) }, "\(path): \(movies.map(\.slug))", sourceLocation: sourceLocation)
        #expect(Set(movies).count == movies.count, "\(path): duplicates", sourceLocation: sourceLocation)
    }

    private func expectAdultMovie(_ movies: [MovieID], _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(movies.contains { Self.adultMovies.contains($0) }, "\(path): \(movies.map(\.slug))", sourceLocation: sourceLocation)
    }

    @Test func liveModelAnswer_neverGivesAMinorAnAdultMovie() async throws {
        // Given an item-kNN model that ranks adult movies first for cluster b's users
        let service = Self.service(try Self.knn())
        // When a minor and an adult of that cluster ask
        let minor = await service.answer(for: Self.minor), adult = await service.answer(for: Self.adult)
        // Then the minor gets 20 other movies, from the model (not the last check), and the adult gets adult movies
        #expect(!minor.usedFallback && !adult.usedFallback)
        expectSafe(minor.movies, "live")
        expectAdultMovie(adult.movies, "live")
        expectSafe(service.recommendations(for: Self.minor), "synchronous")
        #expect(service.ageRestrictionInterventionCount == 0)
    }

    @Test func precomputedAnswer_neverGivesAMinorAnAdultMovie() async throws {
        // Given the same model with its answers computed ahead, without the restriction
        let service = Self.service(try Self.knn())
        #expect(service.attach(service.model.withPrecomputedLists(threads: 2)))
        let list = try #require(service.model.precomputed?.list(for: Self.minor))
        #expect(list.contains { Self.adultMovies.contains($0) }, "the precomputed list itself holds adult movies")
        // When the minor's answer is looked up (on the event loop, and through the service)
        let lookedUp = try #require(service.precomputedAnswer(for: Self.minor), "20 safe movies remain in the list")
        let answered = await service.answer(for: Self.minor)
        // Then both leave the adult movies out and are full; the adult's lookup keeps them
        expectSafe(lookedUp.movies, "precomputed lookup")
        expectSafe(answered.movies, "precomputed answer")
        expectAdultMovie(try #require(service.precomputedAnswer(for: Self.adult)).movies, "precomputed lookup")
        #expect(service.ageRestrictionInterventionCount == 0)
    }

    @Test func fallbackAnswer_neverGivesAMinorAnAdultMovie() async throws {
        // Given a model too slow for the deadline whose fallback list starts with the adult movies
        let ranking = Self.adultMovies.sorted() + (0..<20).map { M.movie(cluster: 0, $0) }
        let service = Self.service(SlowRankingRecommender(ranking: ranking, delay: 1), deadline: .milliseconds(50))
        // When a minor and an adult ask
        let minor = await service.answer(for: Self.minor), adult = await service.answer(for: Self.adult)
        // Then the fallback answers both; the minor's has no adult movie and is full
        #expect(minor.usedFallback && adult.usedFallback)
        expectSafe(minor.movies, "fallback")
        expectAdultMovie(adult.movies, "fallback")
    }

    @Test func popularityModel_neverGivesAMinorAnAdultMovie() async throws {
        let service = Self.service(PopularityRecommender(training: Self.data))
        expectSafe(await service.answer(for: Self.minor).movies, "popularity")
        expectSafe(await service.answer(for: Self.newWithoutRecord).movies, "popularity, no record")
        expectAdultMovie(await service.answer(for: Self.adult).movies, "popularity")
    }

    @Test func coldStart_neverGivesANewMinorOrAUserWithoutAgeAnAdultMovie() async throws {
        // Given users the model has no history for: a minor, an adult, and one without any record
        let service = Self.service(try Self.knn())
        // When they ask, Then the model's demographic cold start answers; only the known adult gets adult movies
        expectSafe(await service.answer(for: Self.newMinor).movies, "cold start")
        expectSafe(await service.answer(for: Self.newWithoutRecord).movies, "cold start, no record")
        expectAdultMovie(await service.answer(for: Self.newAdult).movies, "cold start")
    }

    @Test func warmStart_neverGivesAMinorWhoLikesAdultMoviesAnAdultMovie() async throws {
        // Given new users who said they like two adult movies
        let service = Self.service(try Self.knn())
        let taste = StatedTaste(
            liked: [ScoredMovie(movie: M.movie(cluster: 1, 1), score: 1), ScoredMovie(movie: M.movie(cluster: 1, 2), score: 1)], disliked: [])
        service.updateStatedTastes([Self.newMinor: taste, Self.newAdult: taste])
        // When they ask, Then the warm start answers the minor without adult movies and the adult with them
        expectSafe(await service.answer(for: Self.newMinor).movies, "warm start")
        expectAdultMovie(await service.answer(for: Self.newAdult).movies, "warm start")
        #expect(service.ageRestrictionInterventionCount == 0)
    }

    @Test func exploration_neverDrawsAnAdultMovieForAMinor() async throws {
        // Given a model that explores half its slots from the whole catalogue, adult movies included
        let all = Self.catalogue().map(\.id)
        let service = Self.service(ExplorationRecommender(base: try Self.knn(), catalogue: all, share: 0.5, seed: 3))
        for user in [Self.minor, Self.newMinor, Self.newWithoutRecord] {
            expectSafe(await service.answer(for: user).movies, "exploration")
        }
        expectAdultMovie(await service.answer(for: Self.adult).movies, "exploration")
    }

    @Test func lastCheck_correctsAModelThatIgnoresExclusions_andRefillsTheAnswer() async throws {
        // Given a model that breaks the `excluding` contract: it always answers its fixed list, adult movies first
        let ranking = Self.adultMovies.sorted() + (0..<20).map { M.movie(cluster: 0, $0) }
        let service = Self.service(ContractBreakingRecommender(ranking: ranking))
        // When a minor asks
        let answer = await service.answer(for: Self.minor)
        // Then the last check removes the adult movies, refills to 20 from the fallback list, and counts it
        expectSafe(answer.movies, "last check")
        #expect(service.ageRestrictionInterventionCount == 1)
    }

    @Test func recommend_overHTTP_followsTheStoreRecords() async throws {
        // Given a store whose records mark cluster b adult and user 25 as 15 years old
        try await EventStoreFactory.sqliteInMemory.withStore { store in
            try await store.upsert(movies: Self.catalogue())
            try await store.upsert(users: Self.users)
            let service = RecommendationService(model: ServingModel(recommender: try Self.knn(), watched: Self.data.watchedMovies(), version: "v"))
            let app = Application(router: buildRouter(service: service))
            try await app.test(.router) { client in
                // When the server has refreshed its records (as `serve` and `run` do periodically)
                var index = StatedTasteIndex()
                try await service.refreshStatedTastes(&index, from: store)
                // Then `/recommend` answers the minor without adult movies, and the adult with them
                for (user, adult) in [(Self.minor, false), (Self.adult, true)] {
                    let body = try await client.execute(uri: "/recommend/\(user.rawValue)", method: .get) { String(buffer: $0.body) }
                    let movies = body.split(separator: ",").compactMap { MovieID(String($0)) }
                    if adult { expectAdultMovie(movies, "http") } else { expectSafe(movies, "http") }
                }
            }
        }
    }
}

/// Ranks a fixed list, after `delay` seconds for every user but the fallback probe.
private struct SlowRankingRecommender: Recommender {
    let ranking: [MovieID]
    var delay: TimeInterval = 0

    var descriptor: ModelDescriptor { ModelDescriptor(kind: "fixed", movieCount: ranking.count, userCount: 0) }

    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        if user != .highest, delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return ranking.filter { !excluded.contains($0) }.prefix(count).enumerated().map { ScoredMovie(movie: $0.element, score: -Double($0.offset)) }
    }

    func scores(for user: UserID, movies: [MovieID]) -> [Double?] { movies.map { _ in nil } }
    func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: []) }
}

/// Answers its fixed list whatever it is asked to exclude: a model that breaks the ``Recommender`` contract.
private struct ContractBreakingRecommender: Recommender {
    let ranking: [MovieID]

    var descriptor: ModelDescriptor { ModelDescriptor(kind: "broken", movieCount: ranking.count, userCount: 0) }

    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        ranking.prefix(count).enumerated().map { ScoredMovie(movie: $0.element, score: -Double($0.offset)) }
    }

    func scores(for user: UserID, movies: [MovieID]) -> [Double?] { movies.map { _ in nil } }
    func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: []) }
}
