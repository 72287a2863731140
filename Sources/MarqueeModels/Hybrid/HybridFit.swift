import Foundation
import MarqueeCore

/// The state of one ``HybridTrainer`` fit: parameters and samplers, updated by stochastic gradient steps.
struct HybridFit {
    let matrix: InteractionMatrix
    let features: HybridFeatures
    let configuration: HybridTrainer.Configuration
    /// Latent user factors, `userCount × factors`.
    private(set) var userLatent: [Float]
    /// Latent movie factors, `movieCount × factors`.
    private(set) var movieLatent: [Float]
    private(set) var movieBias: [Float]
    /// Demographic × genre weights, `userFeatureCount × genres`.
    private(set) var weights: [Float]
    private var generator: SplitMix64
    /// Cumulative negative-sampling weights per movie, for a binary search.
    private let negativeCumulative: [Float]
    /// Users with feedback on each movie.
    private let watchers: [Float]
    /// The row of each non-zero entry.
    private let entryUser: [Int32]
    /// Each entry's feedback weight over the mean.
    private let entryWeight: [Float]
    /// Per row: the movies shown to the user and not watched, once per showing (see ``passedOver(_:in:)``).
    private let shownStarts: [Int]
    private let shownMovies: [Int32]

    /// Places of a logged list that count as seen: attention falls with every place further down.
    static let shownPlaces = 10

    init(
        matrix: InteractionMatrix, features: HybridFeatures, configuration: HybridTrainer.Configuration, impressions: [TrainingData.Impression] = []
    ) {
        self.matrix = matrix
        self.features = features
        self.configuration = configuration
        generator = SplitMix64(seed: configuration.seed)
        let factors = configuration.factors
        let scale = 1 / Float(factors)
        userLatent = [Float](repeating: 0, count: matrix.userCount * factors)
        movieLatent = [Float](repeating: 0, count: matrix.movieCount * factors)
        for index in userLatent.indices { userLatent[index] = (generator.nextUnitFloat() - 0.5) * scale }
        for index in movieLatent.indices { movieLatent[index] = (generator.nextUnitFloat() - 0.5) * scale }
        movieBias = [Float](repeating: 0, count: matrix.movieCount)
        weights = [Float](repeating: 0, count: features.userFeatureCount * features.genres.count)

        var watchers = [Float](repeating: 0, count: matrix.movieCount)
        for column in matrix.columns { watchers[Int(column)] += 1 }
        self.watchers = watchers
        var total: Float = 0
        negativeCumulative = watchers.map { count in
            total += pow(count + 1, configuration.negativeExponent)
            return total
        }
        var rows = [Int32](repeating: 0, count: matrix.nonZeroCount)
        for row in 0..<matrix.userCount {
            for entry in matrix.rowStarts[row]..<matrix.rowStarts[row + 1] { rows[entry] = Int32(row) }
        }
        entryUser = rows
        let mean = matrix.values.reduce(0, +) / Float(max(1, matrix.values.count))
        entryWeight = matrix.values.map { mean > 0 ? $0 / mean : 1 }
        (shownStarts, shownMovies) = Self.passedOver(impressions, in: matrix)
    }

    /// Runs every epoch.
    mutating func run() {
        let movieCount = matrix.movieCount
        for _ in 0..<configuration.iterations {
            for _ in 0..<matrix.nonZeroCount {
                let entry = generator.nextIndex(below: matrix.nonZeroCount)
                let row = Int(entryUser[entry])
                let positive = Int(matrix.columns[entry])
                let start = matrix.rowStarts[row]
                let end = matrix.rowStarts[row + 1]
                guard end - start < movieCount else { continue }
                let shown = shownStarts[row]..<shownStarts[row + 1]
                if !shown.isEmpty, configuration.shownNegatives > 0, generator.nextUnitFloat() < configuration.shownNegatives {
                    let negative = Int(shownMovies[shown.lowerBound + generator.nextIndex(below: shown.count)])
                    step(row: row, positive: positive, negative: negative, weight: entryWeight[entry])
                    continue
                }
                var negative = sampleNegative()
                var attempts = 0
                while matrix.columns[start..<end].indexInSorted(Int32(negative)) != nil {
                    attempts += 1
                    // A user who watched most of the popular movies: fall back to a uniform draw.
                    negative = attempts < 20 ? sampleNegative() : generator.nextIndex(below: movieCount)
                }
                step(row: row, positive: positive, negative: negative, weight: entryWeight[entry])
            }
        }
    }

    /// One gradient step on the pair `(row, positive) ≻ (row, negative)`.
    private mutating func step(row: Int, positive: Int, negative: Int, weight: Float) {
        let factors = configuration.factors
        let genreCount = features.genres.count
        let rate = configuration.learningRate
        let regularization = configuration.regularization
        let featureRegularization = configuration.featureRegularization
        let userFeatures = features.userFeatures[row]
        let (genresI, weightI) = (features.movieGenres[positive], features.movieGenreWeight[positive])
        let (genresJ, weightJ) = (features.movieGenres[negative], features.movieGenreWeight[negative])

        var difference = movieBias[positive] - movieBias[negative]
        for feature in userFeatures {
            let base = Int(feature) * genreCount
            for genre in genresI { difference += weights[base + Int(genre)] * weightI }
            for genre in genresJ { difference -= weights[base + Int(genre)] * weightJ }
        }
        let user = row * factors
        let good = positive * factors
        let bad = negative * factors
        for factor in 0..<factors {
            difference += userLatent[user + factor] * (movieLatent[good + factor] - movieLatent[bad + factor])
        }
        let z = weight * Self.sigmoid(-difference)

        movieBias[positive] += rate * (z - regularization * movieBias[positive])
        movieBias[negative] += rate * (-z - regularization * movieBias[negative])
        for feature in userFeatures {
            let base = Int(feature) * genreCount
            for genre in genresI { weights[base + Int(genre)] += rate * z * weightI }
            for genre in genresJ { weights[base + Int(genre)] -= rate * z * weightJ }
            // L2 on the weights this pair touched (a genre of both movies is shrunk twice: negligible, and no allocation).
            let shrink = rate * (Int(feature) >= features.personalBase ? regularization : featureRegularization)
            for genre in genresI { weights[base + Int(genre)] -= shrink * weights[base + Int(genre)] }
            for genre in genresJ { weights[base + Int(genre)] -= shrink * weights[base + Int(genre)] }
        }
        for factor in 0..<factors {
            let (p, qi, qj) = (userLatent[user + factor], movieLatent[good + factor], movieLatent[bad + factor])
            userLatent[user + factor] += rate * (z * (qi - qj) - regularization * p)
            movieLatent[good + factor] += rate * (z * p - regularization * qi)
            movieLatent[bad + factor] += rate * (-z * p - regularization * qj)
        }
    }

    /// The fitted model as plain factor matrices: user rows `[p_u | Σ_f W[f] | 1]`, movie rows
    /// `[q_m | γ_m | b_m + popularityWeight·ln(watchers + 1)]`, so that a dot product is the served score.
    func folded() -> (users: FactorMatrix, items: FactorMatrix) {
        let factors = configuration.factors
        let genreCount = features.genres.count
        let width = factors + genreCount + 1
        var users = FactorMatrix(rows: matrix.userCount, factors: width)
        var items = FactorMatrix(rows: matrix.movieCount, factors: width)
        for row in 0..<matrix.userCount {
            let base = row * users.stride
            for factor in 0..<factors { users.storage[base + factor] = userLatent[row * factors + factor] }
            for feature in features.userFeatures[row] {
                for genre in 0..<genreCount { users.storage[base + factors + genre] += weights[Int(feature) * genreCount + genre] }
            }
            users.storage[base + width - 1] = 1
        }
        for movie in 0..<matrix.movieCount {
            let base = movie * items.stride
            for factor in 0..<factors { items.storage[base + factor] = movieLatent[movie * factors + factor] }
            for genre in features.movieGenres[movie] { items.storage[base + factors + Int(genre)] = features.movieGenreWeight[movie] }
            items.storage[base + width - 1] = movieBias[movie] + configuration.popularityWeight * log(watchers[movie] + 1)
        }
        return (users, items)
    }

    /// Per matrix row, the movies of the matrix in the first ``shownPlaces`` places of the user's impressions that the
    /// user has no feedback on, once per showing; CSR (`starts` has `userCount + 1` entries).
    static func passedOver(_ impressions: [TrainingData.Impression], in matrix: InteractionMatrix) -> (starts: [Int], movies: [Int32]) {
        var byRow = [[Int32]](repeating: [], count: matrix.userCount)
        for impression in impressions {
            guard let row = matrix.index(of: impression.user) else { continue }
            let watched = matrix.row(row).columns
            for movie in impression.movies.prefix(shownPlaces) {
                guard let column = matrix.index(of: movie), watched.indexInSorted(Int32(column)) == nil else { continue }
                byRow[row].append(Int32(column))
            }
        }
        var starts = [0]
        starts.reserveCapacity(matrix.userCount + 1)
        var movies: [Int32] = []
        for row in byRow {
            movies.append(contentsOf: row)
            starts.append(movies.count)
        }
        return (starts, movies)
    }

    private mutating func sampleNegative() -> Int {
        guard let total = negativeCumulative.last, total > 0 else { return generator.nextIndex(below: matrix.movieCount) }
        let target = generator.nextUnitFloat() * total
        var low = 0
        var high = negativeCumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if negativeCumulative[middle] <= target { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-min(30, max(-30, x)))) }
}
