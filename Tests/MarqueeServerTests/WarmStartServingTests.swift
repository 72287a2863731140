import Hummingbird
import HummingbirdTesting
import MarqueeCore
import MarqueeLifecycle
import MarqueeModels
import MarqueeServer
import MarqueeStore
import MarqueeTestSupport
import Testing

/// `/recommend` for new users who described themselves at sign-up: the store's self-descriptions become warm starts.
@Suite(.dedicatedThreads)
struct WarmStartServingTests {
    private typealias M = ModelFixtures
    private static let newUser = UserID(5_000)!

    /// The clustered fixture's movies as catalogue records titled "Alpha 0" … (cluster a) and "Bravo 0" … (cluster b).
    private static func catalogue() -> [Movie] {
        (0..<2).flatMap { cluster in
            (0..<10).map { number in
                Movie(id: M.movie(cluster: cluster, number), title: "\(cluster == 0 ? "Alpha" : "Bravo") \(number)", releaseDate: "2000-01-01")
            }
        }
    }

    private static func service() throws -> RecommendationService {
        let model = try ModelKinds.trainer(kind: "item-knn", parameters: ["neighbours": "20"]).train(on: M.clustered())
        return RecommendationService(model: ServingModel(recommender: model, watched: [:], version: "knn"), deadline: .seconds(10))
    }

    @Test func recommend_whenANewUserSaysWhatTheyLike_answersFromThoseMovies() async throws {
        // Given a store that knows a new user's self-description, and a served item-kNN model where cluster b is popular
        try await EventStoreFactory.sqliteInMemory.withStore { store in
            try await store.upsert(movies: Self.catalogue())
            try await store.upsert(users: [User(id: Self.newUser, likes: "alpha 1, ALPHA 2 (2000) and alpah 3", dislikes: "bravo 1")])
            let service = try Self.service()
            let app = Application(router: buildRouter(service: service, explain: ExplainConfiguration(token: "secret")))
            try await app.test(.router) { client in
                let cold = try await client.execute(uri: "/recommend/\(Self.newUser.rawValue)", method: .get) { String(buffer: $0.body) }
                // When the served tastes are refreshed from the store
                var index = StatedTasteIndex()
                try await service.refreshStatedTastes(&index, from: store)
                // Then the same request answers cluster a, without the movies the user named
                let warm = try await client.execute(uri: "/recommend/\(Self.newUser.rawValue)", method: .get) { String(buffer: $0.body) }
                let coldSlugs = cold.split(separator: ","), warmSlugs = warm.split(separator: ",")
                #expect(coldSlugs.first?.hasPrefix("b") == true, "\(cold)")
                #expect(warmSlugs.prefix(7).allSatisfy { $0.hasPrefix("a") }, "\(warm)")
                let named = [M.movie(cluster: 0, 1), M.movie(cluster: 0, 2), M.movie(cluster: 0, 3), M.movie(cluster: 1, 1)].map(\.slug)
                #expect(warmSlugs.allSatisfy { !named.contains(String($0)) })
                #expect(index.tastes[Self.newUser]?.liked.count == 3)
                // And the explanation names the liked movies that caused the answer, not the cold start's popularity
                let explained = try await client.execute(
                    uri: "/recommend/\(Self.newUser.rawValue)/explain", method: .get, headers: [.authorization: "Bearer secret"]
                ) { String(buffer: $0.body) }
                #expect(explained.contains(#""because":"because you said you like a1 (2000) and a2 (2000)""#), "\(explained.prefix(400))")
                #expect(!explained.contains(#""because":"you said you do not like"#), "a dislike is never why a movie is recommended")
            }
        }
    }

    @Test func statedTasteIndex_rematchesOnlyChangedAnswers_andForgetsEmptiedOnes() throws {
        var index = StatedTasteIndex()
        let user = User(id: Self.newUser, likes: "alpha 1")
        index.update(users: [user], movies: Self.catalogue())
        #expect(index.tastes[Self.newUser]?.liked.map(\.movie) == [M.movie(cluster: 0, 1)])
        index.update(users: [User(id: Self.newUser, likes: "bravo 4")], movies: Self.catalogue())
        #expect(index.tastes[Self.newUser]?.liked.map(\.movie) == [M.movie(cluster: 1, 4)])
        index.update(users: [User(id: Self.newUser, likes: "nothing i know")], movies: Self.catalogue())
        #expect(index.tastes[Self.newUser] == nil)
    }
}
