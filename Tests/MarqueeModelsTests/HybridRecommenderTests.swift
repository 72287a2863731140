import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Testing

private typealias M = ModelFixtures

struct HybridRecommenderTests {
    /// Two clusters with genres (women like Genre0, men Genre1), plus a woman and a man who each watched one movie of
    /// the *other* cluster: their history says nothing about their cluster's movies, their demographics do.
    private func data() -> (data: TrainingData, woman: UserID, man: UserID) {
        var data = M.withGenres(M.clustered())
        let woman = UserID(900)!
        let man = UserID(901)!
        data.users[woman] = User(id: woman, age: 31, gender: "F")
        data.users[man] = User(id: man, age: 46, gender: "M")
        data.interactions.append(.init(user: woman, movie: M.movie(cluster: 1, 0), minutesWatched: 100, rating: nil))
        data.interactions.append(.init(user: man, movie: M.movie(cluster: 0, 0), minutesWatched: 100, rating: nil))
        return (data, woman, man)
    }

    private func train(_ data: TrainingData, _ parameters: [String: String] = [:]) throws -> any Recommender {
        var all = ["factors": "2", "iterations": "200"]
        all.merge(parameters) { _, new in new }
        return try ModelKinds.trainer(kind: "hybrid", parameters: all).train(on: data)
    }

    @Test func aUserWithLittleHistoryGetsTheGenresPeopleLikeThemWatch() throws {
        // Given users whose one watched movie is from the other cluster
        let (data, woman, man) = data()
        // When the hybrid recommends five movies to each
        let model = try train(data)
        let forWoman = model.recommend(for: woman, count: 5, excluding: []).map(\.movie)
        let forMan = model.recommend(for: man, count: 5, excluding: []).map(\.movie)
        // Then most of each list is of their demographic group's genre
        func isWomensGenre(_ movie: MovieID) -> Bool { data.genres[movie] == [M.genre(cluster: 0)] }
        #expect(forWoman.filter(isWomensGenre).count >= 4, "\(forWoman)")
        #expect(forMan.filter { !isWomensGenre($0) }.count >= 4, "\(forMan)")
        // And the explanation names the genre and the demographic reason
        let reasons = model.explain(forWoman[0], for: woman).reasons.map(\.text)
        #expect(reasons.contains { $0.contains("Genre0") && $0.contains("people like you") }, "\(reasons)")
    }

    @Test func moviesAUserWasShownAndPassedOverRankLowerForThem() throws {
        // Given a woman who was shown cluster 0's movies 1-3 in ten lists and watched none of them
        let (base, woman, _) = data()
        var data = base
        let passedOver = (1...3).map { M.movie(cluster: 0, $0) }
        data.impressions = Array(repeating: TrainingData.Impression(user: woman, movies: passedOver), count: 10)
        // When the hybrid is trained with and without those impressions
        let with = try train(data, ["shown_negatives": "0.5"])
        let without = try train(base, ["shown_negatives": "0.5"])
        // Then the passed-over movies score lower, relative to the rest of her group's genre, with them
        let others = (4...9).map { M.movie(cluster: 0, $0) }
        func gap(_ model: any Recommender) -> Double {
            let shown = model.scores(for: woman, movies: passedOver).compactMap { $0 }
            let rest = model.scores(for: woman, movies: others).compactMap { $0 }
            return rest.reduce(0, +) / Double(rest.count) - shown.reduce(0, +) / Double(shown.count)
        }
        #expect(gap(with) > gap(without) + 0.1, "with \(gap(with)), without \(gap(without))")
    }

    @Test func popularityWeightRaisesMoviesMoreUsersWatched() throws {
        // Given the clustered data, whose cluster 1 (36 users) is watched more than cluster 0 (24 users)
        let (data, woman, _) = data()
        // When the blend with the popularity prior grows
        let plain = try train(data, ["popularity_weight": "0"])
        let blended = try train(data, ["popularity_weight": "5"])
        // Then for the same user, a popular cluster-1 movie gains on a cluster-0 movie
        let pair = [M.movie(cluster: 1, 1), M.movie(cluster: 0, 1)]
        let plainScores = plain.scores(for: woman, movies: pair).compactMap { $0 }
        let blendedScores = blended.scores(for: woman, movies: pair).compactMap { $0 }
        #expect(blendedScores[0] - blendedScores[1] > plainScores[0] - plainScores[1])
    }

    @Test func rejectsOutOfRangeHyperparameters() {
        #expect(throws: ModelError.self) { try ModelKinds.trainer(kind: "hybrid", parameters: ["shown_negatives": "1.5"]) }
        #expect(throws: ModelError.self) { try ModelKinds.trainer(kind: "hybrid", parameters: ["negative_exponent": "-1"]) }
    }
}
