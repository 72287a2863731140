import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeModels

struct NewMovieColdStartTests {
    let data = ModelFixtures.withGenres(ModelFixtures.clustered())

    private func users(ofCluster cluster: Int) -> [UserID] {
        Set(data.interactions.filter { $0.movie.slug.hasPrefix(cluster == 0 ? "a" : "b") }.map(\.user)).sorted()
    }

    @Test func findsTheCatalogueMoviesNobodyWatchedAndTiesThemToSameGenrePeers() {
        let known = Set(data.interactions.map(\.movie))
        let coldStart = NewMovieColdStart(data: data, known: known)
        #expect(coldStart.movies == (ModelFixtures.newMovies(cluster: 0) + ModelFixtures.newMovies(cluster: 1)).sorted())
        let newComedy = ModelFixtures.newMovies(cluster: 0)[0]
        let explanation = NewMovieAwareRecommender(base: PopularityStub(known: known), newMovies: coldStart, slots: 2)
            .explain(newComedy, for: UserID.highest)
        #expect(!explanation.reasons.isEmpty)
        #expect(explanation.reasons.allSatisfy { $0.movie?.slug.hasPrefix("a") == true && $0.text.contains("similar in genre") })
    }

    @Test func aMovieSomeoneInteractedWithIsNeverNewEvenIfTheModelDroppedIt() {
        // A movie only disliked is in the interactions but unknown to the model: it is not a new movie.
        let dropped = ModelFixtures.movie(cluster: 0, 0)
        let known = Set(data.interactions.map(\.movie)).subtracting([dropped])
        let coldStart = NewMovieColdStart(data: data, known: known)
        #expect(!coldStart.movies.contains(dropped))
        #expect(coldStart.movies.count == 4)
    }

    @Test(arguments: ModelKind.personalised)
    func placesTheNewMoviesOfTheUsersOwnGenre(kind: ModelKind) throws {
        let model = try kind.train(data)
        #expect(model is NewMovieAwareRecommender)
        for cluster in 0..<2 {
            let own = Set(ModelFixtures.newMovies(cluster: cluster))
            let other = Set(ModelFixtures.newMovies(cluster: 1 - cluster))
            for user in users(ofCluster: cluster).prefix(5) {
                let list = model.recommend(for: user, count: 10, excluding: []).map(\.movie)
                #expect(own.isSubset(of: Set(list)), "user \(user) of cluster \(cluster) got \(list)")
                #expect(other.isDisjoint(with: list))
                #expect(Set(list).count == list.count)
                #expect(list.count <= 10)
            }
        }
    }

    @Test(arguments: ModelKind.all)
    func neverGivesMoreThanItsSlotsOrAnExcludedNewMovie(kind: ModelKind) throws {
        let model = try kind.train(data)
        let user = users(ofCluster: 0)[0]
        let excluded = ModelFixtures.newMovies(cluster: 0)[0]
        let list = model.recommend(for: user, count: 20, excluding: [excluded]).map(\.movie)
        let allNew = Set(ModelFixtures.newMovies(cluster: 0) + ModelFixtures.newMovies(cluster: 1))
        #expect(!list.contains(excluded))
        #expect(list.filter(allNew.contains).count <= NewMovieColdStartTrainer.defaultSlots)
        #expect(list.filter(allNew.contains).count >= 1)
        #expect(model.scores(for: user, movies: [excluded]).first??.isFinite == true)
    }

    @Test func zeroSlotsTurnTheColdStartOff() throws {
        let model = try ModelKinds.trainer(kind: "item-knn", parameters: ["new_movie_slots": "0"]).train(on: data)
        #expect(!(model is NewMovieAwareRecommender))
        let allNew = Set(ModelFixtures.newMovies(cluster: 0) + ModelFixtures.newMovies(cluster: 1))
        let list = model.recommend(for: users(ofCluster: 0)[0], count: 20, excluding: []).map(\.movie)
        #expect(!list.isEmpty)
        #expect(allNew.isDisjoint(with: list))
    }

    @Test func explainsANewMovieByTheWatchedGenrePeersBehindItsEstimate() throws {
        let model = try ModelKind.itemKNN.train(data)
        let user = users(ofCluster: 1)[0]
        let newMovie = ModelFixtures.newMovies(cluster: 1)[0]
        let explanation = model.explain(newMovie, for: user)
        let estimate = try #require(model.scores(for: user, movies: [newMovie]).first ?? nil)
        #expect(explanation.reasons.allSatisfy { $0.movie?.slug.hasPrefix("b") == true })
        #expect(abs(explanation.reasons.map(\.contribution).reduce(0, +) - estimate) < 1e-6 * max(1, abs(estimate)))
    }

    @Test(arguments: ModelKind.all)
    func artifactsKeepTheNewMovies(kind: ModelKind) throws {
        let model = try kind.train(data)
        let decoded = try ModelArtifact.decode(try ModelArtifact.encode(model), source: "test")
        let restored = try #require(decoded as? NewMovieAwareRecommender)
        #expect(restored.newMovies == (model as? NewMovieAwareRecommender)?.newMovies)
        for user in users(ofCluster: 0).prefix(3) + users(ofCluster: 1).prefix(3) {
            #expect(decoded.recommend(for: user, count: 20, excluding: []) == model.recommend(for: user, count: 20, excluding: []))
        }
    }
    @Test(arguments: ModelKind.personalised)
    func estimatesANewMovieAlikeWhetherEveryPeerOrOnlyItsOwnAreScored(kind: ModelKind) throws {
        // Given a model with 30 new movies per genre, each standing on its genre's 20 peers: 40 distinct peers in all
        let data = ModelFixtures.withGenres(ModelFixtures.clustered(), newMoviesPerCluster: 30)
        let model = try #require(try kind.train(data) as? NewMovieAwareRecommender)
        let newMovies = model.newMovies
        #expect(newMovies.movies.count == 60)
        #expect(newMovies.peers(of: 0).count < newMovies.distinctPeers.count)
        for user in users(ofCluster: 0).prefix(3) + users(ofCluster: 1).prefix(3) {
            // When every new movie is asked at once (every distinct peer scored once, looked up by slot)
            let all = newMovies.estimates(for: user, indices: Array(newMovies.movies.indices), from: model.base)
            // Then each estimate equals the one asked alone (only its own peers scored)
            for index in newMovies.movies.indices {
                let alone = newMovies.estimates(for: user, indices: [index], from: model.base)
                #expect(alone == [all[index]], "\(kind) \(user) \(newMovies.movies[index])")
            }
            #expect(all.contains { $0 != nil })
        }
    }

    @Test(arguments: [0, 1, 5, 20, 200])
    func theBestNewMoviesAreThoseOfSortingThemAll(count: Int) {
        // Given 150 candidates with estimates drawn from few values (many ties) and some without one
        var generator = SplitMix64(seed: UInt64(count) + 7)
        let candidates = (0..<150).map { $0 * 2 }
        let estimates: [Double?] = candidates.map { _ in generator.next() % 5 == 0 ? nil : Double(generator.next() % 7) / 3 }
        // Then the kept ones are the first of sorting them all by estimate, ties to the earlier candidate
        let sorted = zip(candidates, estimates).compactMap { index, estimate in estimate.map { (index: index, score: $0) } }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }.prefix(count)
        let best = NewMovieAwareRecommender.best(count, of: candidates, estimated: estimates)
        #expect(best.map(\.index) == sorted.map(\.index))
        #expect(best.map(\.score) == sorted.map(\.score))
    }

    @Test func theNewMoviesLeftAfterExcludingAreTheOthersInOrder() throws {
        let coldStart = NewMovieColdStart(
            data: ModelFixtures.withGenres(ModelFixtures.clustered(), newMoviesPerCluster: 3), known: Set(data.interactions.map(\.movie)))
        let excluded: Set<MovieID> = [coldStart.movies[1], coldStart.movies[4], ModelFixtures.movie(cluster: 0, 0)]
        #expect(coldStart.indices(excluding: excluded) == coldStart.movies.indices.filter { !excluded.contains(coldStart.movies[$0]) })
        #expect(coldStart.indices(excluding: []) == Array(coldStart.movies.indices))
    }
}

/// A model that knows `known` movies and scores each 1, for testing the cold start without training.
private struct PopularityStub: Recommender {
    let known: Set<MovieID>
    var descriptor: ModelDescriptor { ModelDescriptor(kind: "stub", movieCount: known.count, userCount: 0) }
    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        known.subtracting(excluded).sorted().prefix(count).map { ScoredMovie(movie: $0, score: 1) }
    }
    func scores(for user: UserID, movies: [MovieID]) -> [Double?] { movies.map { known.contains($0) ? 1 : nil } }
    func explain(_ movie: MovieID, for user: UserID) -> Explanation { Explanation(reasons: []) }

}
