import MarqueeCore

/// The user × movie implicit-feedback matrix models train on, in compressed sparse rows (one row per user).
///
/// Users and movies get dense indices in order of their ids, so the same data always gives the same matrix.
/// Only pairs with a positive weight are stored.
public struct InteractionMatrix: Sendable {
    /// The user of each row.
    public let users: [UserID]
    /// The movie of each column.
    public let movies: [MovieID]
    /// Row `u` spans `rowStarts[u]..<rowStarts[u + 1]` of ``columns`` and ``values``.
    public let rowStarts: [Int]
    /// Column (movie index) of each stored entry, ascending within a row.
    public let columns: [Int32]
    /// Weight of each stored entry.
    public let values: [Float]
    private let userIndex: [UserID: Int32]
    private let movieIndex: [MovieID: Int32]

    /// Builds the matrix from training data under a feedback rule.
    public init(_ data: TrainingData, rule: FeedbackRule = .init()) {
        var weights: [UserID: [MovieID: Float]] = [:]
        for interaction in data.interactions {
            let weight = rule.weight(
                minutesWatched: interaction.minutesWatched, rating: interaction.rating, runtime: data.runtimes[interaction.movie])
            guard weight > 0 else { continue }
            weights[interaction.user, default: [:]][interaction.movie, default: 0] += weight
        }
        let users = weights.keys.sorted()
        let movies = Set(weights.values.flatMap(\.keys)).sorted()
        let movieIndex = Dictionary(uniqueKeysWithValues: movies.enumerated().map { ($0.element, Int32($0.offset)) })
        var rowStarts = [0]
        var columns: [Int32] = []
        var values: [Float] = []
        for user in users {
            let row = (weights[user] ?? [:]).compactMap { movie, weight in movieIndex[movie].map { ($0, weight) } }.sorted { $0.0 < $1.0 }
            columns.append(contentsOf: row.map(\.0))
            values.append(contentsOf: row.map(\.1))
            rowStarts.append(columns.count)
        }
        self.users = users
        self.movies = movies
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
        self.userIndex = Dictionary(uniqueKeysWithValues: users.enumerated().map { ($0.element, Int32($0.offset)) })
        self.movieIndex = movieIndex
    }

    /// Number of users (rows).
    public var userCount: Int { users.count }
    /// Number of movies (columns).
    public var movieCount: Int { movies.count }
    /// Number of stored (user, movie) weights.
    public var nonZeroCount: Int { values.count }

    /// The row of `user`, or `nil` if the user has no positive feedback.
    public func index(of user: UserID) -> Int? { userIndex[user].map(Int.init) }

    /// The column of `movie`, or `nil` if no user gave it positive feedback.
    public func index(of movie: MovieID) -> Int? { movieIndex[movie].map(Int.init) }

    /// The stored entries of row `row`: movie indices and weights.
    public func row(_ row: Int) -> (columns: ArraySlice<Int32>, values: ArraySlice<Float>) {
        let range = rowStarts[row]..<rowStarts[row + 1]
        return (columns[range], values[range])
    }

    /// The matrix with rows and columns swapped (one row per movie), for item-side computations.
    public func transposed() -> (rowStarts: [Int], columns: [Int32], values: [Float]) {
        var counts = [Int](repeating: 0, count: movieCount + 1)
        for column in columns { counts[Int(column) + 1] += 1 }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        var next = counts
        var transposedColumns = [Int32](repeating: 0, count: columns.count)
        var transposedValues = [Float](repeating: 0, count: values.count)
        for user in 0..<userCount {
            for entry in rowStarts[user]..<rowStarts[user + 1] {
                let movie = Int(columns[entry])
                transposedColumns[next[movie]] = Int32(user)
                transposedValues[next[movie]] = values[entry]
                next[movie] += 1
            }
        }
        return (counts, transposedColumns, transposedValues)
    }
}
