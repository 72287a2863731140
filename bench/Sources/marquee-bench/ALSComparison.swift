import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels
import MarqueeSimulator
import MarqueeStore

/// Trains Marquee's ALS on a store's temporal split and exports the very same training matrix and test pairs, so
/// `bench/peers/implicit_als.py` can train `implicit` on identical input in the same run.
///
/// The export holds confidences `1 + alpha × weight`, Marquee's definition; `implicit` multiplies its input by its own
/// `alpha` and uses the product as the confidence, so the peer runs with `alpha = 1` on these values and both solve
/// the same problem.
struct ALSComparison {
    let data: EvaluationData
    let outputDirectory: String
    let split: String
    /// The simulated world behind `data`, when there is one: its oracle (true tastes) is the accuracy ceiling.
    var simulator: Simulator?
    /// How ``SimulatedInteractions`` made `data` (movies watched per user, movies shown per user), for the oracle.
    var perUser = 30
    var candidates = 150
    let factors = 64
    let iterations = 15
    let threads = 2

    /// The comparison on everything in the store at `path`.
    static func store(_ path: String, outputDirectory: String, split: String) async throws -> ALSComparison {
        let data = try await TrainingDataLoader(store: try SQLiteEventStore(path: path)).loadEvaluationData()
        return ALSComparison(data: data, outputDirectory: outputDirectory, split: split)
    }

    func run() throws {
        let method: SplitMethod = split == "global" ? .global(quantile: 0.8) : .perUser(testFraction: 0.2)
        let evaluationSplit = try EvaluationSplit(data, configuration: SplitConfiguration(method: method))
        let configuration = ALSTrainer.Configuration(factors: factors, iterations: iterations, threads: threads)
        let matrix = InteractionMatrix(evaluationSplit.trainingData, rule: configuration.feedback)
        let relevant = Self.relevantPairs(evaluationSplit, matrix)
        try export(matrix, relevant: relevant, alpha: configuration.alpha)

        let clock = ContinuousClock()
        let start = clock.now
        let model = try ALSTrainer(configuration: configuration).trainModel(on: evaluationSplit.trainingData)
        let seconds = (clock.now - start).inSeconds
        let (precision, ndcg) = Self.accuracy(
            of: { user, excluded in model.recommend(for: user, count: 20, excluding: excluded).map(\.movie) }, relevant: relevant, matrix: matrix)
        var result: [String: Any] = [
            "library": "marquee", "users": matrix.userCount, "movies": matrix.movieCount, "interactions": matrix.nonZeroCount,
            "factors": factors, "iterations": iterations, "threads": threads, "train_seconds": seconds,
            "seconds_per_iteration": seconds / Double(iterations), "test_users": relevant.count, "precision@10": precision, "ndcg@20": ndcg,
        ]
        if let simulator {
            // The oracle ranks every movie by true affinity, so it is evaluated on a sample of 2,000 test users,
            // and the model again on the same sample for a like-for-like ratio.
            let sample = Dictionary(uniqueKeysWithValues: relevant.sorted { $0.key < $1.key }.prefix(2_000).map { ($0.key, $0.value) })
            let catalogue = simulator.catalogue.movies
            let oracle = Self.accuracy(
                of: { user, excluded in simulator.taste.bestMovies(for: user, count: 20, in: catalogue, excluding: excluded) },
                relevant: sample, matrix: matrix)
            let modelOnSample = Self.accuracy(
                of: { user, excluded in model.recommend(for: user, count: 20, excluding: excluded).map(\.movie) }, relevant: sample, matrix: matrix)
            let exposureOracle = ExposureAwareOracle(simulator: simulator, perUser: perUser, candidates: candidates)
            let exposure = Self.accuracy(of: exposureOracle.recommend(for:excluding:), relevant: sample, matrix: matrix)
            result["exposure_oracle_precision@10"] = exposure.0
            result["exposure_oracle_ndcg@20"] = exposure.1
            result["oracle_sample_users"] = sample.count
            result["oracle_precision@10"] = oracle.0
            result["oracle_ndcg@20"] = oracle.1
            result["sample_precision@10"] = modelOnSample.0
            result["sample_ndcg@20"] = modelOnSample.1
        }
        print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
    }

    /// Test movies per test user, restricted to users and movies present in the training matrix (as the peer sees them).
    static func relevantPairs(_ split: EvaluationSplit, _ matrix: InteractionMatrix) -> [UserID: Set<MovieID>] {
        var relevant: [UserID: Set<MovieID>] = [:]
        for testCase in split.cases where matrix.index(of: testCase.user) != nil {
            let known = testCase.relevant.filter { matrix.index(of: $0) != nil }
            if !known.isEmpty { relevant[testCase.user] = known }
        }
        return relevant
    }

    private func export(_ matrix: InteractionMatrix, relevant: [UserID: Set<MovieID>], alpha: Float) throws {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        var train = ""
        train.reserveCapacity(matrix.nonZeroCount * 20)
        for row in 0..<matrix.userCount {
            let (columns, values) = matrix.row(row)
            for (column, value) in zip(columns, values) { train += "\(row)\t\(column)\t\(1 + alpha * value)\n" }
        }
        var test = ""
        for (user, movies) in relevant.sorted(by: { $0.key < $1.key }) {
            guard let row = matrix.index(of: user) else { continue }
            for movie in movies.sorted() { if let column = matrix.index(of: movie) { test += "\(row)\t\(column)\n" } }
        }
        try train.write(toFile: outputDirectory + "/train.tsv", atomically: true, encoding: .utf8)
        try test.write(toFile: outputDirectory + "/test.tsv", atomically: true, encoding: .utf8)
        let meta = try JSONSerialization.data(withJSONObject: ["users": matrix.userCount, "movies": matrix.movieCount])
        try meta.write(to: URL(fileURLWithPath: outputDirectory + "/meta.json"))
    }

    /// Precision@10 and NDCG@20 over the test users, excluding each user's training movies, as the peer computes them.
    static func accuracy(
        of recommend: (UserID, Set<MovieID>) -> [MovieID], relevant: [UserID: Set<MovieID>], matrix: InteractionMatrix
    ) -> (Double, Double) {
        var precisionSum = 0.0
        var ndcgSum = 0.0
        for (user, truth) in relevant {
            guard let row = matrix.index(of: user) else { continue }
            let trained = Set(matrix.row(row).columns.map { matrix.movies[Int($0)] })
            let top = recommend(user, trained)
            precisionSum += Double(top.prefix(10).filter(truth.contains).count) / 10
            let dcg = top.enumerated().reduce(0.0) { $0 + (truth.contains($1.element) ? 1 / log2(Double($1.offset) + 2) : 0) }
            let ideal = (0..<min(truth.count, 20)).reduce(0.0) { $0 + 1 / log2(Double($1) + 2) }
            ndcgSum += ideal > 0 ? dcg / ideal : 0
        }
        let count = Double(max(1, relevant.count))
        return (precisionSum / count, ndcgSum / count)
    }
}
