import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

/// The warm start of personalised models: a user without history ranked from the movies they said they like.
struct WarmStartTests {
    private typealias M = ModelFixtures
    private static let newUser = UserID(9_999)!

    private static func liking(_ movies: [MovieID], disliking disliked: [MovieID] = []) -> StatedTaste {
        StatedTaste(liked: movies.map { ScoredMovie(movie: $0, score: 1) }, disliked: disliked.map { ScoredMovie(movie: $0, score: 1) })
    }

    @Test(arguments: [ModelKind.itemKNN, ModelKind.als])
    func recommendsTheLikedMoviesCluster_notThePopularOne(kind: ModelKind) throws {
        // Given a model where cluster 1 is the more popular (36 users against 24)
        let model = try kind.train()
        #expect(model.recommend(for: Self.newUser, count: 5, excluding: []).allSatisfy { $0.movie.slug.hasPrefix("b") })
        // When a new user says they like two movies of cluster 0
        let taste = Self.liking([M.movie(cluster: 0, 1), M.movie(cluster: 0, 2)])
        let warm = try #require(model.recommend(for: Self.newUser, stating: taste, count: 5, excluding: [M.movie(cluster: 0, 3)]))
        // Then the warm start recommends other cluster-0 movies: never the liked ones, nor the excluded one
        #expect(warm.count == 5)
        #expect(warm.allSatisfy { $0.movie.slug.hasPrefix("a") }, "\(warm.map(\.movie.slug))")
        #expect(Set(warm.map(\.movie)).isDisjoint(with: [M.movie(cluster: 0, 1), M.movie(cluster: 0, 2), M.movie(cluster: 0, 3)]))
        #expect(zip(warm, warm.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test(arguments: [ModelKind.itemKNN, ModelKind.als])
    func warmStart_whenTheModelHasHistoryForTheUser_isNil(kind: ModelKind) throws {
        let model = try kind.train()
        let known = try #require(model.personalisedUsers.first)
        #expect(model.recommend(for: known, stating: Self.liking([M.movie(cluster: 0, 1)]), count: 5, excluding: []) == nil)
    }

    @Test(arguments: ModelKind.all)
    func warmStart_whenNoLikedMovieIsKnown_fallsBackToTheColdStartWithoutNamedMovies(kind: ModelKind) throws {
        // Given a taste naming only an unknown liked movie and a disliked popular one
        let model = try kind.train()
        let cold = model.recommend(for: Self.newUser, count: 5, excluding: [])
        let disliked = try #require(cold.first?.movie)
        let taste = Self.liking([M.movie(cluster: 7, 1)], disliking: [disliked])
        // When it is asked for the user's answer
        #expect(model.recommend(for: Self.newUser, stating: taste, count: 5, excluding: []) == nil)
        let answer = model.recommend(for: Self.newUser, count: 5, excluding: [], statedTaste: taste)
        // Then it is the cold start without the disliked movie
        #expect(answer.map(\.movie) == model.recommend(for: Self.newUser, count: 5, excluding: [disliked]).map(\.movie))
    }

    @Test(arguments: [ModelKind.itemKNN, ModelKind.als])
    func dislikedMoviesPushTheirNeighboursDown(kind: ModelKind) throws {
        // Given a user who likes one movie of each cluster, answered in full
        let model = try kind.train()
        let both = [M.movie(cluster: 0, 1), M.movie(cluster: 1, 1)]
        let liking = try #require(model.recommend(for: Self.newUser, stating: Self.liking(both), count: 20, excluding: []))
        // When they also dislike two movies of cluster 1
        let taste = Self.liking(both, disliking: [M.movie(cluster: 1, 2), M.movie(cluster: 1, 3)])
        let disliking = try #require(model.recommend(for: Self.newUser, stating: taste, count: 20, excluding: []))
        // Then cluster-b movies score lower against cluster-a movies than without the dislikes
        func advantageOfClusterB(_ list: [ScoredMovie]) -> Double {
            let (b, a) = (list.filter { $0.movie.slug.hasPrefix("b") }, list.filter { $0.movie.slug.hasPrefix("a") })
            return b.map(\.score).reduce(0, +) / Double(b.count) - a.map(\.score).reduce(0, +) / Double(a.count)
        }
        #expect(advantageOfClusterB(disliking) < advantageOfClusterB(liking))
    }

    @Test func itemKNNWarmStart_withFewNeighbours_stillAnswersAFullList_evidenceFirst() throws {
        // Given item-kNN with 2 neighbours per movie and a user liking one movie of the less popular cluster
        let model = try ModelKinds.trainer(kind: "item-knn", parameters: ["neighbours": "2"]).train(on: ModelFixtures.clustered())
        let answer = try #require(model.recommend(for: Self.newUser, stating: Self.liking([M.movie(cluster: 0, 1)]), count: 10, excluding: []))
        // Then the list is full, without duplicates or the liked movie, its two neighbours first and then the prior
        #expect(answer.count == 10)
        #expect(Set(answer.map(\.movie)).count == 10)
        #expect(!answer.contains { $0.movie == M.movie(cluster: 0, 1) })
        #expect(answer.prefix(2).allSatisfy { $0.movie.slug.hasPrefix("a") })
        #expect(answer.dropFirst(2).prefix(5).allSatisfy { $0.movie.slug.hasPrefix("b") })
    }

    @Test func statedTasteFromAUsersAnswers_dropsMoviesBothLikedAndDisliked() throws {
        let matcher = TitleMatcher(entries: [
            .init(movie: M.movie(cluster: 0, 1), title: "Alpha", year: 2000), .init(movie: M.movie(cluster: 0, 2), title: "Beta Ray", year: 2000),
            .init(movie: M.movie(cluster: 1, 1), title: "Gamma", year: 2000),
        ])
        let user = User(id: Self.newUser, likes: "alpha, beta ray and gamma", dislikes: "Gamma\nunknown film")
        let taste = StatedTaste(user: user, matcher: matcher)
        #expect(taste.liked.map(\.movie) == [M.movie(cluster: 0, 1), M.movie(cluster: 0, 2)])
        #expect(taste.disliked.isEmpty)
        #expect(StatedTaste.index(users: [user, User(id: try #require(UserID(1)))], matcher: matcher).keys.sorted() == [Self.newUser])
    }

    @Test(arguments: [ModelKind.itemKNN, ModelKind.als])
    func warmStartExplanations_nameTheLikedMoviesBehindTheScore_andChangeWhenALikeIsWithdrawn(kind: ModelKind) throws {
        // Given a new user who likes two cluster-0 movies, and the top of their warm start
        let model = try kind.train()
        let (first, second) = (M.movie(cluster: 0, 1), M.movie(cluster: 0, 2))
        let taste = Self.liking([first, second])
        let warm = try #require(model.recommend(for: Self.newUser, stating: taste, count: 1, excluding: []))
        let top = try #require(warm.first?.movie)
        // Then its explanation says which stated likes brought it, strongest first, in the user's words
        let explanation = try #require(model.explain(top, for: Self.newUser, stating: taste))
        let named = Set(explanation.reasons.filter { $0.contribution > 0 }.compactMap { $0.movie })
        #expect(!named.isEmpty && named.isSubset(of: [first, second]), "\(explanation.reasons)")
        let sentence = explanation.because() ?? ""
        #expect(sentence.hasPrefix("because you said you like "), "\(sentence)")
        #expect(model.explain(top, for: Self.newUser, statedTaste: taste) == explanation)
        // When the strongest like is withdrawn, the explanation no longer names it
        let strongest = try #require(explanation.reasons.first { $0.contribution > 0 }?.movie)
        let remaining = Self.liking([first, second].filter { $0 != strongest })
        let after = model.explain(top, for: Self.newUser, stating: remaining)
        #expect(after?.reasons.contains { $0.movie == strongest } != true)
        // And a user with history, or without a known like, gets no warm-start explanation
        #expect(model.explain(top, for: try #require(model.personalisedUsers.first), stating: taste) == nil)
        #expect(model.explain(top, for: Self.newUser, stating: Self.liking([M.movie(cluster: 7, 1)])) == nil)
    }
}
