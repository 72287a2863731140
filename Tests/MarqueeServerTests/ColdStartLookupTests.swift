import MarqueeCore
import MarqueeModels
import MarqueeServer
import MarqueeTestSupport
import Testing

/// Users without history are answered from lists computed ahead, like personalised users, and get what the model
/// would have computed live.
struct ColdStartLookupTests {
    private static let kinds: [(String, [String: String])] = [
        ("popularity", [:]), ("item-knn", ["neighbours": "20"]), ("als", ["factors": "2", "iterations": "5", "threads": "1"]),
        ("bpr", ["factors": "2", "iterations": "50"]), ("hybrid", ["factors": "2", "iterations": "50"]),
        ("ease", ["regularization": "20", "neighbours": "20", "threads": "1"]),
    ]

    /// The clustered fixture plus two users known by their demographics only (one of each planted group).
    private static func data(moviesPerCluster: Int = 10) -> TrainingData {
        var data = ModelFixtures.clustered(moviesPerCluster: moviesPerCluster)
        for (id, age, gender) in [(Int64(900), 30, "F"), (901, 47, "M")] {
            guard let user = UserID(id) else { continue }
            data.users[user] = User(id: user, age: age, gender: gender)
        }
        return data
    }

    @Test(arguments: kinds.map(\.0))
    func coldStartUsersAndStrangersGetTheirLiveAnswerByLookup(kind: String) async throws {
        // Given a model, two cold-start users, a stranger, and a stranger who watched the most popular movie since (with
        // enough movies that 20 remain once it is left out)
        let parameters = try #require(Self.kinds.first { $0.0 == kind }).1
        let data = Self.data(moviesPerCluster: 20)
        let model = try ModelKinds.trainer(kind: kind, parameters: parameters).train(on: data)
        let (coldF, coldM, stranger, watcher) = try (#require(UserID(900)), #require(UserID(901)), #require(UserID(5_000)), #require(UserID(5_001)))
        var watched = data.watchedMovies()
        let popular = try #require(model.recommend(for: watcher, count: 1, excluding: []).first?.movie)
        watched[watcher] = [popular]
        let plain = ServingModel(recommender: model, watched: watched, version: kind)
        let live = RecommendationService(model: plain, deadline: .seconds(60))
        let users = [coldF, coldM, stranger, watcher]
        #expect(users.allSatisfy { live.precomputedAnswer(for: $0) == nil })
        var expected: [UserID: [MovieID]] = [:]
        for user in users { expected[user] = await live.answer(for: user).movies }

        // When the lists are computed ahead
        let service = RecommendationService(model: plain.withPrecomputedLists(threads: 1), deadline: .seconds(60))

        // Then each of them is answered by lookup, with the movies the model computed live
        for user in users {
            let looked = try #require(service.precomputedAnswer(for: user), "\(kind): no lookup for \(user)")
            #expect(looked.movies == expected[user], "\(kind), user \(user)")
            #expect(!looked.usedFallback)
        }
        #expect(try #require(service.precomputedAnswer(for: watcher)).movies.contains(popular) == false)
        if kind != "popularity" { #expect(model.coldStartUsers == [coldF, coldM]) }
    }

    @Test func aUserWhoStatesATasteIsNotAnsweredFromTheColdStartLists() async throws {
        // Given a model with lists computed ahead, and a cold-start user and a stranger who both stated a taste
        let data = Self.data()
        let model = try ModelKinds.trainer(kind: "item-knn", parameters: ["neighbours": "20"]).train(on: data)
        let service = RecommendationService(
            model: ServingModel(recommender: model, watched: data.watchedMovies(), version: "knn").withPrecomputedLists(threads: 1))
        let (cold, stranger) = try (#require(UserID(900)), #require(UserID(5_000)))
        let taste = StatedTaste(liked: [ScoredMovie(movie: ModelFixtures.movie(cluster: 1, 0), score: 1)], disliked: [])
        service.updateStatedTastes([cold: taste, stranger: taste])

        // When each asks, then neither is a lookup: their warm start is computed live from what they stated
        #expect(service.precomputedAnswer(for: cold) == nil)
        #expect(service.precomputedAnswer(for: stranger) == nil)
        let answer = await service.answer(for: stranger)
        #expect(ModelFixtures.isInCluster(1, answer.movies.first))
    }
}
