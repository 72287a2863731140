import MarqueeCore
import MarqueeTestSupport
import Testing

@testable import MarqueeModels

struct EASETests {
    private func movie(_ number: Int) -> MovieID { MovieID("movie+\(number)+2000")! }
    private func user(_ id: Int64) -> UserID { UserID(id)! }

    @Test func invertingASymmetricPositiveDefiniteMatrixGivesTheIdentityOnEveryThreadCount() throws {
        // Given a random symmetric positive-definite matrix A = MᵀM + I
        let size = 37
        var random = SplitMix64(seed: 3)
        let m = (0..<(size * size)).map { _ in Double(random.next() % 1000) / 1000 - 0.5 }
        var a = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0..<size {
                for k in 0..<size { a[i * size + j] += m[k * size + i] * m[k * size + j] }
                if i == j { a[i * size + j] += 1 }
            }
        }
        // When inverting it on one thread and on three
        var single = a
        var several = a
        #expect(SymmetricInverse.invert(&single, size: size, threads: 1))
        #expect(SymmetricInverse.invert(&several, size: size, threads: 3))
        // Then the results are identical, and A × A⁻¹ is the identity
        #expect(single == several)
        for i in 0..<size {
            for j in 0..<size {
                let product = (0..<size).reduce(0.0) { $0 + a[i * size + $1] * single[$1 * size + j] }
                #expect(abs(product - (i == j ? 1 : 0)) < 1e-9)
            }
        }
    }

    @Test func aMatrixThatIsNotPositiveDefiniteIsRefused() {
        var matrix: [Double] = [1, 2, 2, 1]
        #expect(!SymmetricInverse.invert(&matrix, size: 2, threads: 1))
    }

    @Test func weightsAreTheClosedFormWithAZeroDiagonal() throws {
        // Given three movies: 0 and 1 always watched together, 2 alone
        let data = TrainingData(
            interactions: [
                .init(user: user(1), movie: movie(0), minutesWatched: 100, rating: nil),
                .init(user: user(1), movie: movie(1), minutesWatched: 100, rating: nil),
                .init(user: user(2), movie: movie(0), minutesWatched: 100, rating: nil),
                .init(user: user(2), movie: movie(1), minutesWatched: 100, rating: nil),
                .init(user: user(3), movie: movie(2), minutesWatched: 100, rating: nil),
            ], runtimes: [movie(0): 100, movie(1): 100, movie(2): 100])
        // When training with λ = 1 (Gram [[3, 2, 0], [2, 3, 0], [0, 0, 2]]; its inverse's top block is [[3, -2], [-2, 3]] / 5)
        let model = try EASETrainer(configuration: .init(regularization: 1, neighbours: 5, recencyHalfLife: 0, threads: 1))
            .trainModel(on: data)
        // Then B[0][1] = B[1][0] = 2/3, movie 2 has no weight to the others, and no movie weighs itself
        let lists = model.neighbours
        #expect(lists.starts == [0, 1, 2, 2])
        #expect(lists.indices == [1, 0])
        #expect(lists.similarities.allSatisfy { abs($0 - 2.0 / 3) < 1e-6 })
    }

    @Test func refusesACatalogueLargerThanItsDenseSolveTakes() {
        // Given one more watched movie than the limit
        let interactions = (0...EASETrainer.maximumMovies).map { number in
            TrainingData.Interaction(user: user(Int64(number % 50 + 1)), movie: movie(number), minutesWatched: 100, rating: nil)
        }
        // When training, then a typed error names the limit and the kinds to use instead
        #expect {
            try EASETrainer().trainModel(on: TrainingData(interactions: interactions))
        } throws: { error in
            guard let error = error as? ModelError else { return false }
            return error.code == .tooManyMovies && error.message.contains("\(EASETrainer.maximumMovies)") && error.message.contains("item-knn")
        }
    }

    @Test func recencyHalvesAWeightEveryHalfLifeOfLaterMovies() {
        // Given a user's 31 movies watched one a day, and a user whose times are unknown
        let start = EventTime(microseconds: 1_700_000_000_000_000)
        var interactions = (0..<31).map { day in
            TrainingData.Interaction(
                user: user(1), movie: movie(day), minutesWatched: 100, rating: nil, time: start.adding(seconds: Double(day) * 86_400))
        }
        interactions += (0..<3).map { TrainingData.Interaction(user: user(2), movie: movie($0), minutesWatched: 100, rating: nil) }
        let data = TrainingData(interactions: interactions, runtimes: Dictionary(uniqueKeysWithValues: (0..<31).map { (movie($0), 100) }))
        let matrix = InteractionMatrix(data)
        // When weighting with a half-life of 15
        let weighted = RecencyWeighting(halfLife: 15).apply(to: matrix, data: data)
        // Then the latest movie keeps its weight, the one 15 movies earlier half, the one 30 earlier a quarter
        func weight(_ user: UserID, _ movie: MovieID) -> Float? {
            guard let row = weighted.index(of: user), let column = weighted.index(of: movie) else { return nil }
            let (columns, values) = weighted.row(row)
            return zip(columns, values).first { Int($0.0) == column }?.1
        }
        #expect(weight(user(1), movie(30)) == 1)
        #expect(abs((weight(user(1), movie(15)) ?? 0) - 0.5) < 1e-6)
        #expect(abs((weight(user(1), movie(0)) ?? 0) - 0.25) < 1e-6)
        // And the user of unknown order keeps their weights
        #expect(weight(user(2), movie(1)) == 1)
        // And a half-life of 0 changes nothing
        #expect(RecencyWeighting(halfLife: 0).apply(to: matrix, data: data).values == matrix.values)
    }

    @Test func recentMoviesDecideTheRankingWhenTastesChanged() throws {
        // Given two clusters, and a user who watched cluster 0's movies long ago and two of cluster 1's lately
        let (data, changed, watched) = ModelFixtures.changedTaste()
        // When ranking with and without recency
        let flat = try EASETrainer(configuration: .init(regularization: 1, recencyHalfLife: 0, threads: 1)).trainModel(on: data)
        let recency = try EASETrainer(configuration: .init(regularization: 1, recencyHalfLife: 1, threads: 1)).trainModel(on: data)
        // Then without recency the old taste wins, with it the new one
        #expect(ModelFixtures.isInCluster(0, flat.recommend(for: changed, count: 1, excluding: watched).first?.movie))
        #expect(ModelFixtures.isInCluster(1, recency.recommend(for: changed, count: 1, excluding: watched).first?.movie))
    }
}
