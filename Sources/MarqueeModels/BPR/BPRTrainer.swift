import MarqueeCore

/// Trains ``BPRRecommender``: Bayesian personalised ranking (Rendle et al. 2009) by stochastic gradient descent.
///
/// Each epoch draws as many (user, positive, negative) triples as there are positive pairs: a positive pair uniformly,
/// and a negative movie uniformly among those the user has no positive feedback on. It raises `σ(xᵤ·(yᵢ − yⱼ))` with
/// L2 regularisation. Movies carry a bias as a last factor whose user side is fixed at 1, as `implicit` does.
/// Single-threaded, so a seed fixes the model exactly.
public struct BPRTrainer: RecommenderTrainer {
    /// Hyperparameters.
    public struct Configuration: Hashable, Sendable {
        /// Latent factors per user and movie (plus one movie bias).
        public var factors: Int
        /// SGD step size.
        public var learningRate: Float
        /// L2 regularisation.
        public var regularization: Float
        /// Epochs over the positive pairs.
        public var iterations: Int
        /// Seed of initial factors and sampling.
        public var seed: UInt64
        /// How watch minutes and ratings become weights (any positive weight is a positive pair).
        public var feedback: FeedbackRule

        /// Creates a configuration.
        public init(
            factors: Int = 64, learningRate: Float = 0.05, regularization: Float = 0.01, iterations: Int = 60, seed: UInt64 = 42,
            feedback: FeedbackRule = .init()
        ) {
            self.factors = factors
            self.learningRate = learningRate
            self.regularization = regularization
            self.iterations = iterations
            self.seed = seed
            self.feedback = feedback
        }

        /// The hyperparameters by name.
        public var hyperparameters: [String: String] {
            [
                "factors": String(factors), "learning_rate": String(learningRate), "regularization": String(regularization),
                "iterations": String(iterations), "seed": String(seed),
            ]
        }

        func validate() throws(ModelError) {
            try Check.range("factors", factors, 1...1024)
            try Check.range("learning_rate", learningRate, 0...10)
            try Check.range("regularization", regularization, 0...1_000)
            try Check.range("iterations", iterations, 0...10_000)
        }
    }

    /// The hyperparameters.
    public var configuration: Configuration

    /// Creates a trainer.
    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    public var kind: String { BPRRecommender.kind }

    public func train(on data: TrainingData) throws(ModelError) -> any Recommender { try trainModel(on: data) }

    /// Trains on `data` and returns the concrete model.
    /// - Throws: `ModelError.invalidParameter` for an out-of-range hyperparameter, `.insufficientData` when no
    ///   interaction carries positive feedback.
    public func trainModel(on data: TrainingData) throws(ModelError) -> BPRRecommender {
        try configuration.validate()
        let matrix = InteractionMatrix(data, rule: configuration.feedback)
        guard matrix.nonZeroCount > 0 else {
            throw ModelError(.insufficientData, "bpr needs at least one interaction with positive feedback; the training data has none")
        }
        let (users, items) = fit(matrix)
        return BPRRecommender(configuration: configuration, context: UserContext(matrix: matrix, users: data.users), userFactors: users, itemFactors: items)
    }

    func fit(_ matrix: InteractionMatrix) -> (users: FactorMatrix, items: FactorMatrix) {
        let factors = configuration.factors
        let dimensions = factors + 1
        var generator = SplitMix64(seed: configuration.seed)
        var users = FactorMatrix(rows: matrix.userCount, factors: dimensions)
        var items = FactorMatrix(rows: matrix.movieCount, factors: dimensions)
        let stride = users.stride
        let scale = 1 / Float(factors)
        for row in 0..<matrix.userCount {
            for factor in 0..<factors { users.storage[row * stride + factor] = (generator.nextUnitFloat() - 0.5) * scale }
            users.storage[row * stride + factors] = 1
        }
        for row in 0..<matrix.movieCount {
            for factor in 0..<factors { items.storage[row * stride + factor] = (generator.nextUnitFloat() - 0.5) * scale }
        }
        var entryUser = [Int32](repeating: 0, count: matrix.nonZeroCount)
        for row in 0..<matrix.userCount {
            for entry in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] { entryUser[entry] = Int32(row) }
        }
        let rate = configuration.learningRate
        let regularization = configuration.regularization
        let movieCount = matrix.movieCount
        users.storage.withUnsafeMutableBufferPointer { userBuffer in
            items.storage.withUnsafeMutableBufferPointer { itemBuffer in
                matrix.columns.withUnsafeBufferPointer { columns in
                    guard let userBase = userBuffer.baseAddress, let itemBase = itemBuffer.baseAddress else { return }
                    for _ in 0..<configuration.iterations {
                        for _ in 0..<matrix.nonZeroCount {
                            let entry = generator.nextIndex(below: columns.count)
                            let row = Int(entryUser[entry])
                            let positive = Int(columns[entry])
                            let liked = columns[matrix.rowStarts[row]..<matrix.rowStarts[row + 1]]
                            guard liked.count < movieCount else { continue }
                            var negative = generator.nextIndex(below: movieCount)
                            while Self.contains(liked, Int32(negative)) { negative = generator.nextIndex(below: movieCount) }
                            let x = userBase + row * stride
                            let yi = itemBase + positive * stride
                            let yj = itemBase + negative * stride
                            var difference: Float = 0
                            for factor in 0..<dimensions { difference += x[factor] * (yi[factor] - yj[factor]) }
                            let z = 1 / (1 + Self.exp(difference))
                            for factor in 0..<dimensions {
                                let (user, good, bad) = (x[factor], yi[factor], yj[factor])
                                if factor < factors { x[factor] += rate * (z * (good - bad) - regularization * user) }
                                yi[factor] += rate * (z * user - regularization * good)
                                yj[factor] += rate * (-z * user - regularization * bad)
                            }
                        }
                    }
                }
            }
        }
        return (users, items)
    }

    /// Binary search in a sorted row.
    private static func contains(_ row: Slice<UnsafeBufferPointer<Int32>>, _ value: Int32) -> Bool {
        var low = row.startIndex
        var high = row.endIndex
        while low < high {
            let middle = (low + high) / 2
            if row[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < row.endIndex && row[low] == value
    }

    /// `eˣ`, clamped to keep the sigmoid finite, without Foundation.
    private static func exp(_ x: Float) -> Float {
        let clamped = min(30, max(-30, x))
        // e^x = 2^(x·log2 e): split into integer and fractional powers of two.
        let y = clamped * 1.442_695_04
        let whole = y.rounded(.down)
        let fraction = y - whole
        // 2^f on [0, 1) by a degree-5 polynomial (relative error < 2e-7).
        let p =
            1 + fraction
            * (0.693_147_2 + fraction * (0.240_226_5 + fraction * (0.055_504_1 + fraction * (0.009_618_1 + fraction * 0.001_333_6))))
        return p * Float(sign: .plus, exponent: Int(whole), significand: 1)
    }
}
