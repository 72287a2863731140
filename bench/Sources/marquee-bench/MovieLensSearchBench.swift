import Foundation
import MarqueeCore
import MarqueeEvaluation
import MarqueeLifecycle
import MarqueeModels
import MarqueeStore

/// Tunes every model kind with ``ModelSearch`` on a store's per-user split, scores the choices on the test part, and
/// exports that very split (training weights, test pairs, and the validation split the search carved from the training
/// part) so `bench/peers/implicit_tuned.py` can tune `implicit`'s ALS by a random search of the same size over the same
/// ranges on identical files.
///
/// Files, in the training matrix's index space: `train.tsv` and `validation_train.tsv` (`user movie weight`, the
/// feedback rule's weight: ALS's confidence is `1 + alpha × weight`), `test.tsv` and `validation_test.tsv`
/// (`user movie`, relevant pairs of users and movies known to the matching training side), `meta.json`, and
/// `als_trials.json`: the configurations ALS's random search tried, in order, so the peer can search the very same list.
///
/// With `alsSeconds` set, only ALS is searched (randomly), for that many seconds with up to 10,000 trials: the search
/// given the peer's search time.
struct MovieLensSearchBench {
    let data: EvaluationData
    let outputDirectory: String
    let trials: Int
    let seed: UInt64
    var alsSeconds: Double? = nil

    /// The bench on everything in the store at `path`.
    static func store(_ path: String, outputDirectory: String, trials: Int, seed: UInt64, alsSeconds: Double? = nil) async throws
        -> MovieLensSearchBench
    {
        let data = try await TrainingDataLoader(store: try SQLiteEventStore(path: path)).loadEvaluationData()
        return MovieLensSearchBench(data: data, outputDirectory: outputDirectory, trials: trials, seed: seed, alsSeconds: alsSeconds)
    }

    func run() throws {
        let split = try EvaluationSplit(data, configuration: SplitConfiguration(method: .defaultPerUser))
        let validation = try split.validationSplit(method: .defaultPerUser)
        let matrix = InteractionMatrix(split.trainingData)
        let validationMatrix = InteractionMatrix(validation.trainingData)
        let relevant = ALSComparison.relevantPairs(split, matrix)
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        try write(weights: validationMatrix, in: matrix, to: "validation_train.tsv")
        try write(weights: matrix, in: matrix, to: "train.tsv")
        try write(pairs: ALSComparison.relevantPairs(validation, validationMatrix), in: matrix, to: "validation_test.tsv")
        try write(pairs: relevant, in: matrix, to: "test.tsv")
        let meta: [String: Any] = [
            "users": matrix.userCount, "movies": matrix.movieCount, "trials": trials, "seed": seed,
            "space": ModelKinds.searchSpace(of: "als")?.summary ?? "", "validation_users": validation.cases.count, "test_users": split.cases.count,
        ]
        try JSONSerialization.data(withJSONObject: meta, options: [.sortedKeys]).write(to: URL(fileURLWithPath: outputDirectory + "/meta.json"))

        if let alsSeconds {
            let base = ["seed": String(seed)]
            let search = try ModelSearch(kind: "als", baseParameters: base, budget: SearchBudget(trials: 10_000, seconds: alsSeconds), seed: seed)
            try report(search, base: base, split: split, relevant: relevant, matrix: matrix)
            return
        }
        for kind in ModelKinds.names {
            let base = ModelKinds.parameters(of: kind)?["seed"] != nil ? ["seed": String(seed)] : [:]
            let random = try ModelSearch(kind: kind, baseParameters: base, budget: SearchBudget(trials: trials, seconds: 3_600), seed: seed)
            var searches = [random]
            if random.halvingRungs != nil {
                var halving = random
                halving.strategy = .halving
                searches.append(halving)
            }
            for search in searches { try report(search, base: base, split: split, relevant: relevant, matrix: matrix) }
        }
    }

    /// Runs `search`, scores its choice and the base on the test part (and the choice by the peer's protocol), and
    /// prints one JSON line.
    private func report(
        _ search: ModelSearch, base: [String: String], split: EvaluationSplit, relevant: [UserID: Set<MovieID>], matrix: InteractionMatrix
    ) throws {
        let clock = ContinuousClock()
        let kind = search.kind
        let start = clock.now
        let result = try search.run(tuningOn: split, clock: clock)
        let searchSeconds = (clock.now - start).inSeconds
        if kind == "als", result.strategy == .random, alsSeconds == nil { try write(trials: result.trials, to: "als_trials.json") }
        let chosen = try ModelKinds.trainer(kind: kind, parameters: result.chosenParameters).train(on: split.trainingData)
        let defaults = try ModelKinds.trainer(kind: kind, parameters: base).train(on: split.trainingData)
        let peerProtocol = ALSComparison.accuracy(
            of: { user, excluded in chosen.recommend(for: user, count: 20, excluding: excluded).map(\.movie) }, relevant: relevant, matrix: matrix
        )
        let line: [String: Any] = [
            "library": "marquee", "kind": kind, "strategy": result.strategy.rawValue, "trials": result.trials.count,
            "iterations_trained": result.trials.reduce(0) { $0 + (Int($1.searched["iterations"] ?? "") ?? 0) }, "search_seconds": searchSeconds,
            "chosen": result.best.searched, "chosen_trial": result.best.number, "validation_ndcg@20": result.best.validationNDCG20 ?? 0,
            "test_ndcg@20": evaluate(chosen, on: split).metrics.ndcg20, "default_test_ndcg@20": evaluate(defaults, on: split).metrics.ndcg20,
            "peer_protocol_ndcg@20": peerProtocol.1, "peer_protocol_precision@10": peerProtocol.0,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }

    /// The searched hyperparameters of `trials`, in order, as a JSON array of objects of numbers.
    private func write(trials: [SearchTrial], to name: String) throws {
        let configurations: [[String: Double]] = trials.map { trial in trial.searched.compactMapValues { Double($0) } }
        try JSONSerialization.data(withJSONObject: configurations, options: [.sortedKeys]).write(
            to: URL(fileURLWithPath: outputDirectory + "/" + name))
    }

    /// `source`'s weights as `user movie weight` lines, in `index`'s numbering.
    private func write(weights source: InteractionMatrix, in index: InteractionMatrix, to name: String) throws {
        var text = ""
        for row in 0..<source.userCount {
            guard let user = index.index(of: source.users[row]) else { continue }
            let (columns, values) = source.row(row)
            for (column, value) in zip(columns, values) {
                if let movie = index.index(of: source.movies[Int(column)]) { text += "\(user)\t\(movie)\t\(value)\n" }
            }
        }
        try text.write(toFile: outputDirectory + "/" + name, atomically: true, encoding: .utf8)
    }

    /// `pairs` as `user movie` lines, in `index`'s numbering.
    private func write(pairs: [UserID: Set<MovieID>], in index: InteractionMatrix, to name: String) throws {
        var text = ""
        for (user, movies) in pairs.sorted(by: { $0.key < $1.key }) {
            guard let row = index.index(of: user) else { continue }
            for movie in movies.sorted() { if let column = index.index(of: movie) { text += "\(row)\t\(column)\n" } }
        }
        try text.write(toFile: outputDirectory + "/" + name, atomically: true, encoding: .utf8)
    }
}
