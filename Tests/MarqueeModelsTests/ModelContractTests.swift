import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

/// The behaviour every model kind promises, run against each.
@Suite(.dedicatedThreads)
struct ModelContractTests {
    private let data = ModelFixtures.clustered()
    private var clusterA: [UserID] { data.users.values.filter { $0.gender == "F" }.map(\.id).sorted() }
    private var clusterB: [UserID] { data.users.values.filter { $0.gender == "M" }.map(\.id).sorted() }
    private var moviesA: Set<MovieID> { Set((0..<10).map { ModelFixtures.movie(cluster: 0, $0) }) }
    private var moviesB: Set<MovieID> { Set((0..<10).map { ModelFixtures.movie(cluster: 1, $0) }) }

    @Test(arguments: ModelKind.personalised)
    func learnsPlantedClusters(kind: ModelKind) throws {
        // Given two user clusters with disjoint tastes
        let model = try kind.train(data)
        let watched = data.watchedMovies()
        for (users, own, other) in [(clusterA, moviesA, moviesB), (clusterB, moviesB, moviesA)] {
            for user in users {
                // When the model scores the user's unwatched own-cluster movies and the other cluster's
                let unwatched = own.subtracting(watched[user] ?? []).sorted()
                guard !unwatched.isEmpty else { continue }
                let ownScores = model.scores(for: user, movies: unwatched).compactMap { $0 }
                let otherScores = model.scores(for: user, movies: other.sorted()).compactMap { $0 }
                // Then every own-cluster movie ranks above every other-cluster movie
                #expect(ownScores.count == unwatched.count)
                #expect((ownScores.min() ?? 0) > (otherScores.max() ?? 0), "\(kind.name) user \(user)")
                // And the top recommendation is from the user's cluster
                let top = model.recommend(for: user, count: 1, excluding: watched[user] ?? [])
                #expect(top.first.map { own.contains($0.movie) } == true, "\(kind.name) user \(user)")
            }
        }
    }

    @Test(arguments: ModelKind.all)
    func recommendNeverReturnsExcludedOrDuplicateMoviesAndAtMostCount(kind: ModelKind) throws {
        // Given a trained model
        let model = try kind.train(data)
        let excluded: Set<MovieID> = [ModelFixtures.movie(cluster: 0, 1), ModelFixtures.movie(cluster: 1, 2), ModelFixtures.movie(cluster: 1, 3)]
        for user in clusterA.prefix(3) + clusterB.prefix(3) + [UserID(999_999)!] {
            for count in [0, 1, 5, 40] {
                // When recommending with an exclusion set
                let list = model.recommend(for: user, count: count, excluding: excluded)
                // Then no excluded movie, no duplicate, at most count, scores non-increasing
                #expect(list.count <= count)
                #expect(Set(list.map(\.movie)).count == list.count)
                #expect(list.allSatisfy { !excluded.contains($0.movie) })
                #expect(zip(list, list.dropFirst()).allSatisfy { $0.score >= $1.score })
            }
        }
    }

    @Test(arguments: ModelKind.all)
    func trainingIsDeterministicForASeed(kind: ModelKind) throws {
        // Given the same data and seed, trained twice
        let first = try kind.train(data, seed: 7)
        let second = try kind.train(data, seed: 7)
        let movies = (moviesA.union(moviesB)).sorted()
        // Then the scores are identical for every user
        for user in data.users.keys.sorted() {
            #expect(first.scores(for: user, movies: movies) == second.scores(for: user, movies: movies))
        }
        #expect(first.descriptor == second.descriptor)
    }

    @Test(arguments: ModelKind.personalised)
    func coldStartUserGetsDemographicPopularity(kind: ModelKind) throws {
        // Given a woman of 30 with no history (cluster A is women of 30; cluster B is larger, so globally more popular)
        var withCold = data
        let newWoman = UserID(5000)!
        withCold.users[newWoman] = User(id: newWoman, age: 31, gender: "F")
        let model = try kind.train(withCold)
        // When recommending for her and for a user unknown to the training data
        let forWoman = model.recommend(for: newWoman, count: 5, excluding: [])
        let forStranger = model.recommend(for: UserID(6000)!, count: 5, excluding: [])
        // Then she gets her group's favourites, the stranger the global ones
        #expect(forWoman.count == 5)
        #expect(forWoman.allSatisfy { moviesA.contains($0.movie) })
        #expect(forStranger.allSatisfy { moviesB.contains($0.movie) })
        #expect(model.explain(forWoman[0].movie, for: newWoman).reasons.first?.text.contains("F 25-34") == true)
    }

    @Test(arguments: ModelKind.all)
    func scoresOrderMatchesRecommend(kind: ModelKind) throws {
        // Given a trained model and a user with history
        let model = try kind.train(data)
        for user in [clusterA[0], clusterB[0], UserID(999_999)!] {
            // When recommending everything and scoring the same movies
            let list = model.recommend(for: user, count: 100, excluding: [])
            let scores = model.scores(for: user, movies: list.map(\.movie))
            // Then the scores are the recommended scores, in the same order
            #expect(scores.map { $0 ?? .nan } == list.map(\.score))
        }
    }

    @Test(arguments: [ModelKind.itemKNN, ModelKind.als])
    func explainNamesWatchedMoviesAndFollowsHistory(kind: ModelKind) throws {
        // Given a cluster-A user and a recommended movie
        let user = clusterA[0]
        let watched = data.watchedMovies()[user] ?? []
        let model = try kind.train(data)
        let recommended = try #require(model.recommend(for: user, count: 1, excluding: watched).first).movie
        // When explaining it
        let reasons = model.explain(recommended, for: user).reasons
        // Then the reasons are the user's watched movies
        let strongest = try #require(reasons.first?.movie)
        #expect(reasons.allSatisfy { $0.movie.map(watched.contains) == true })
        #expect(watched.contains(strongest))
        // And without the strongest reason in the history, the explanation no longer names it
        var trimmed = data
        trimmed.interactions.removeAll { $0.user == user && $0.movie == strongest }
        let retrained = try kind.train(trimmed)
        let after = retrained.explain(recommended, for: user).reasons
        #expect(!after.contains { $0.movie == strongest })
        #expect(after != reasons)
    }

    @Test(arguments: ModelKind.personalised)
    func describesItself(kind: ModelKind) throws {
        let descriptor = try kind.train(data).descriptor
        #expect(descriptor.kind == kind.name)
        #expect(descriptor.movieCount == 20)
        #expect(descriptor.userCount == 60)
        #expect(descriptor.memoryBytes > 0)
    }

    @Test(arguments: ModelKind.all)
    func emptyDataIsInsufficient(kind: ModelKind) {
        #expect(throws: ModelError.self) { try kind.train(TrainingData(interactions: [])) }
    }
}
