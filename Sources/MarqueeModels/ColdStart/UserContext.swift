import MarqueeCore

/// What every personalised model keeps beside its parameters: the training matrix (each user's history, to skip what
/// they already watched and to explain), and the demographic-popularity fallback for users without history.
struct UserContext: Sendable {
    let matrix: InteractionMatrix
    let coldStart: DemographicPopularity

    init(matrix: InteractionMatrix, users: [UserID: User]) {
        self.matrix = matrix
        self.coldStart = DemographicPopularity(matrix: matrix, users: users)
    }

    init(matrix: InteractionMatrix, coldStart: DemographicPopularity) {
        self.matrix = matrix
        self.coldStart = coldStart
    }

    /// The sorted, distinct movie indices to skip for `row`: its trained movies and the `excluded` ones the model knows.
    func skipped(row: Int, excluding excluded: Set<MovieID>) -> [Int32] {
        var skipped = Array(matrix.columns[matrix.rowStarts[row]..<matrix.rowStarts[row + 1]])
        guard !excluded.isEmpty else { return skipped }
        for movie in excluded {
            if let index = matrix.index(of: movie) { skipped.append(Int32(index)) }
        }
        skipped.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(skipped.count)
        for index in skipped where unique.last != index { unique.append(index) }
        return unique
    }

    /// The best `count` movies of `0..<movieCount` by `score`, skipping the sorted `skipped` indices.
    @inline(__always)
    func top(count: Int, skipping skipped: [Int32], score: (Int) -> Float) -> [ScoredMovie] {
        let movieCount = matrix.movieCount
        var heap = TopK(capacity: min(count, movieCount))
        var nextSkip = 0
        for movie in 0..<movieCount {
            if nextSkip < skipped.count, Int(skipped[nextSkip]) == movie {
                nextSkip += 1
                continue
            }
            let value = score(movie)
            if value >= heap.threshold { heap.offer(value, Int32(movie)) }
        }
        return heap.sorted().map { ScoredMovie(movie: matrix.movies[Int($0.index)], score: Double($0.score)) }
    }
}
