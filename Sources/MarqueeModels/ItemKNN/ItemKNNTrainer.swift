import Foundation
import MarqueeCore

/// Trains ``ItemKNNRecommender``: cosine similarity between movies' implicit-feedback vectors over users, keeping the
/// `neighbours` most similar movies of each movie.
///
/// For each movie `i` the co-occurrences `Σᵤ wᵤᵢ wᵤⱼ` are accumulated sparsely: through the transposed matrix to the
/// users of `i`, then along each user's row. Movies are processed in parallel in fixed chunks, each with its own dense
/// accumulator, so the result does not depend on the thread count.
public struct ItemKNNTrainer: RecommenderTrainer {
    /// Hyperparameters.
    public struct Configuration: Hashable, Sendable {
        /// Most similar movies kept per movie.
        public var neighbours: Int
        /// Threads to compute similarities on.
        public var threads: Int
        /// How watch minutes and ratings become weights.
        public var feedback: FeedbackRule

        /// Creates a configuration.
        public init(neighbours: Int = 50, threads: Int = ProcessInfo.processInfo.activeProcessorCount, feedback: FeedbackRule = .init()) {
            self.neighbours = neighbours
            self.threads = threads
            self.feedback = feedback
        }

        /// The hyperparameters by name (`threads` excluded: it never changes the result).
        public var hyperparameters: [String: String] { ["neighbours": String(neighbours)] }

        func validate() throws(ModelError) {
            try Check.range("neighbours", neighbours, 1...10_000)
            try Check.range("threads", threads, 1...1024)
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration

    /// Creates a trainer.
    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    public var kind: String { ItemKNNRecommender.kind }

    public func train(on data: TrainingData) throws(ModelError) -> any Recommender { try trainModel(on: data) }

    /// Trains on `data` and returns the concrete model.
    /// - Throws: `ModelError.invalidParameter` for an out-of-range hyperparameter, `.insufficientData` when no
    ///   interaction carries positive feedback.
    public func trainModel(on data: TrainingData) throws(ModelError) -> ItemKNNRecommender {
        try configuration.validate()
        let matrix = InteractionMatrix(data, rule: configuration.feedback)
        guard matrix.nonZeroCount > 0 else {
            throw ModelError(.insufficientData, "item-knn needs at least one interaction with positive feedback; the training data has none")
        }
        let neighbours = similarities(matrix)
        return ItemKNNRecommender(
            configuration: configuration, context: UserContext(matrix: matrix, users: data.users), neighbours: neighbours)
    }

    func similarities(_ matrix: InteractionMatrix) -> NeighbourLists {
        let movieCount = matrix.movieCount
        let keep = min(configuration.neighbours, max(0, movieCount - 1))
        let transposed = matrix.transposed()
        var norms = [Float](repeating: 0, count: movieCount)
        for movie in 0..<movieCount {
            var sum: Float = 0
            for entry in transposed.rowStarts[movie]..<transposed.rowStarts[movie + 1] { sum += transposed.values[entry] * transposed.values[entry] }
            norms[movie] = sum.squareRoot()
        }
        var counts = [Int32](repeating: 0, count: movieCount)
        var indices = [Int32](repeating: 0, count: movieCount * keep)
        var similarities = [Float](repeating: 0, count: movieCount * keep)
        counts.withUnsafeMutableBufferPointer { countsBuffer in
            indices.withUnsafeMutableBufferPointer { indicesBuffer in
                similarities.withUnsafeMutableBufferPointer { similaritiesBuffer in
                    let output = UncheckedSendable((countsBuffer, indicesBuffer, similaritiesBuffer))
                    let input = UncheckedSendable((matrix, transposed, norms))
                    Parallel.forEachChunk(count: movieCount, chunkSize: 64, threads: configuration.threads) { range in
                        let (matrix, transposed, norms) = input.value
                        let (counts, indices, similarities) = output.value
                        var accumulator = [Float](repeating: 0, count: movieCount)
                        var touched: [Int32] = []
                        for movie in range {
                            touched.removeAll(keepingCapacity: true)
                            for entry in transposed.rowStarts[movie]..<transposed.rowStarts[movie + 1] {
                                let user = Int(transposed.columns[entry])
                                let weight = transposed.values[entry]
                                for other in matrix.rowStarts[user]..<matrix.rowStarts[user + 1] {
                                    let neighbour = Int(matrix.columns[other])
                                    if accumulator[neighbour] == 0 { touched.append(Int32(neighbour)) }
                                    accumulator[neighbour] += weight * matrix.values[other]
                                }
                            }
                            var best = TopK(capacity: keep)
                            for neighbour in touched {
                                let index = Int(neighbour)
                                let product = accumulator[index]
                                accumulator[index] = 0
                                guard index != movie, norms[index] > 0, norms[movie] > 0 else { continue }
                                best.offer(product / (norms[movie] * norms[index]), neighbour)
                            }
                            let kept = best.sorted()
                            counts[movie] = Int32(kept.count)
                            for (slot, pair) in kept.enumerated() {
                                indices[movie * keep + slot] = pair.index
                                similarities[movie * keep + slot] = pair.score
                            }
                        }
                    }
                }
            }
        }
        var starts = [Int](repeating: 0, count: movieCount + 1)
        var compactIndices: [Int32] = []
        var compactSimilarities: [Float] = []
        for movie in 0..<movieCount {
            let range = (movie * keep)..<(movie * keep + Int(counts[movie]))
            compactIndices.append(contentsOf: indices[range])
            compactSimilarities.append(contentsOf: similarities[range])
            starts[movie + 1] = compactIndices.count
        }
        return NeighbourLists(starts: starts, indices: compactIndices, similarities: compactSimilarities)
    }
}
