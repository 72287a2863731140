import MarqueeCore
import MarqueeModels
import MarqueeTestSupport
import Synchronization
import Testing

struct ALSRecommenderTests {
    private let data = ModelFixtures.clustered()

    private func train(iterations: Int, threads: Int = 2) throws -> ALSRecommender {
        try ALSTrainer(configuration: .init(factors: 8, iterations: iterations, threads: threads)).trainModel(on: data)
    }

    @Test func lossDecreasesWithIterations() throws {
        // Given the same data and seed, trained for more and more iterations
        let losses = try [1, 2, 4, 8].map { try train(iterations: $0).trainingLoss() }
        // Then the implicit-ALS objective decreases
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $0 > $1 }, "\(losses)")
    }

    @Test func recentMoviesWeighMoreWithARecencyHalfLife() throws {
        // Given two clusters, and a user who watched five of cluster 0's movies long ago and two of cluster 1's lately
        let (data, changed, watched) = ModelFixtures.changedTaste()
        // When training with and without recency-weighted confidence
        let flat = try ALSTrainer(configuration: .init(factors: 8, regularization: 0.1, alpha: 40, threads: 1)).trainModel(on: data)
        let recency = try ALSTrainer(configuration: .init(factors: 8, regularization: 0.1, alpha: 40, threads: 1, recencyHalfLife: 1))
            .trainModel(on: data)
        // Then recency moves the user's scores toward the new taste: its best unwatched movie gains on the old one's
        func lead(_ model: ALSRecommender) -> Double {
            let ranked = model.recommend(for: changed, count: 20, excluding: watched)
            let best = { (cluster: Int) in ranked.first { ModelFixtures.isInCluster(cluster, $0.movie) }?.score ?? -.infinity }
            return best(1) - best(0)
        }
        #expect(lead(recency) > lead(flat) + 0.05, "lead of the new taste with recency \(lead(recency)), without \(lead(flat))")
        #expect(recency.descriptor.hyperparameters["recency_half_life"] == "1.0")
    }

    @Test func resultDoesNotDependOnThreadCount() throws {
        // Given one and four threads
        let one = try train(iterations: 3, threads: 1)
        let four = try train(iterations: 3, threads: 4)
        let movies = one.descriptor.movieCount
        _ = movies
        // Then every score is identical
        let all = (0..<10).flatMap { [ModelFixtures.movie(cluster: 0, $0), ModelFixtures.movie(cluster: 1, $0)] }
        for user in data.users.keys {
            #expect(one.scores(for: user, movies: all) == four.scores(for: user, movies: all))
        }
    }

    @Test func reportsEachIteration() throws {
        // Given a progress callback
        let seen = IterationLog()
        let trainer = ALSTrainer(configuration: .init(factors: 4, iterations: 3)) { iteration, seconds in seen.append(iteration, seconds) }
        // When training
        _ = try trainer.train(on: data)
        // Then it hears iterations 1, 2, 3 with non-negative durations
        #expect(seen.iterations == [1, 2, 3])
    }

    @Test func explanationContributionsAddUpToTheScore() throws {
        // Given a trained model and a user
        let model = try train(iterations: 15)
        let user = data.users.values.filter { $0.gender == "F" }.map(\.id).sorted()[0]
        let movie = ModelFixtures.movie(cluster: 0, 3)
        // When explaining a movie
        let total = model.explain(movie, for: user).reasons.reduce(0) { $0 + $1.contribution }
        let score = try #require(model.scores(for: user, movies: [movie]).first ?? nil)
        // Then the watched movies' contributions sum to about the score (exact least squares vs. a few CG steps)
        #expect(abs(total - score) < 0.05 * max(1, abs(score)), "explained \(total), scored \(score)")
    }

    @Test func rejectsOutOfRangeHyperparameters() {
        #expect(throws: ModelError.self) { try ALSTrainer(configuration: .init(factors: 0)).train(on: data) }
        #expect(throws: ModelError.self) { try ALSTrainer(configuration: .init(regularization: -1)).train(on: data) }
    }
}

final class IterationLog: Sendable {
    private let state = Mutex<[Int]>([])
    func append(_ iteration: Int, _ seconds: Double) { state.withLock { $0.append(seconds >= 0 ? iteration : -1) } }
    var iterations: [Int] { state.withLock { $0 } }
}
