import MarqueeCore

/// The user × movie implicit-feedback matrix models train on, in compressed sparse rows (one row per user).
///
/// Users and movies get dense indices in order of their ids, so the same data always gives the same matrix.
/// Only pairs with a positive weight are stored; repeated (user, movie) pairs add up.
/// Construction is linear in the number of interactions (two counting passes, no per-user dictionaries), so
/// the reference scale (30 million interactions) builds in seconds.
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
        // Pass 1: weights, and provisional indices in order of first appearance.
        var provisionalUser: [UserID: Int32] = [:]
        var provisionalMovie: [MovieID: Int32] = [:]
        var firstUsers: [UserID] = []
        var firstMovies: [MovieID] = []
        var entryUser: [Int32] = []
        var entryMovie: [Int32] = []
        var entryWeight: [Float] = []
        entryUser.reserveCapacity(data.interactions.count)
        entryMovie.reserveCapacity(data.interactions.count)
        entryWeight.reserveCapacity(data.interactions.count)
        for interaction in data.interactions {
            let weight = rule.weight(
                minutesWatched: interaction.minutesWatched, rating: interaction.rating, runtime: data.runtimes[interaction.movie])
            guard weight > 0 else { continue }
            let user: Int32
            if let known = provisionalUser[interaction.user] {
                user = known
            } else {
                user = Int32(firstUsers.count)
                provisionalUser[interaction.user] = user
                firstUsers.append(interaction.user)
            }
            let movie: Int32
            if let known = provisionalMovie[interaction.movie] {
                movie = known
            } else {
                movie = Int32(firstMovies.count)
                provisionalMovie[interaction.movie] = movie
                firstMovies.append(interaction.movie)
            }
            entryUser.append(user)
            entryMovie.append(movie)
            entryWeight.append(weight)
        }
        // Final indices: sorted by id.
        let userOrder = firstUsers.indices.sorted { firstUsers[$0] < firstUsers[$1] }
        let movieOrder = firstMovies.indices.sorted { firstMovies[$0] < firstMovies[$1] }
        var userRank = [Int32](repeating: 0, count: firstUsers.count)
        for (rank, provisional) in userOrder.enumerated() { userRank[provisional] = Int32(rank) }
        var movieRank = [Int32](repeating: 0, count: firstMovies.count)
        for (rank, provisional) in movieOrder.enumerated() { movieRank[provisional] = Int32(rank) }
        let users = userOrder.map { firstUsers[$0] }
        let movies = movieOrder.map { firstMovies[$0] }

        // Pass 2: counting sort by user (stable, so repeated pairs add up in input order).
        var counts = [Int](repeating: 0, count: users.count + 1)
        for provisional in entryUser { counts[Int(userRank[Int(provisional)]) + 1] += 1 }
        for index in counts.indices.dropFirst() { counts[index] += counts[index - 1] }
        var next = counts
        var sortedMovie = [Int32](repeating: 0, count: entryUser.count)
        var sortedWeight = [Float](repeating: 0, count: entryUser.count)
        for entry in entryUser.indices {
            let row = Int(userRank[Int(entryUser[entry])])
            sortedMovie[next[row]] = movieRank[Int(entryMovie[entry])]
            sortedWeight[next[row]] = entryWeight[entry]
            next[row] += 1
        }
        entryUser = []
        entryMovie = []
        entryWeight = []

        // Pass 3: sort each row by movie and merge repeated pairs.
        var rowStarts = [Int](repeating: 0, count: users.count + 1)
        var columns: [Int32] = []
        var values: [Float] = []
        columns.reserveCapacity(sortedMovie.count)
        values.reserveCapacity(sortedMovie.count)
        var rowEntries: [(movie: Int32, position: Int)] = []
        for row in 0..<users.count {
            rowEntries.removeAll(keepingCapacity: true)
            for position in counts[row]..<counts[row + 1] { rowEntries.append((sortedMovie[position], position)) }
            rowEntries.sort { $0.movie != $1.movie ? $0.movie < $1.movie : $0.position < $1.position }
            for entry in rowEntries {
                if let last = columns.last, columns.count > rowStarts[row], last == entry.movie {
                    values[values.count - 1] += sortedWeight[entry.position]
                } else {
                    columns.append(entry.movie)
                    values.append(sortedWeight[entry.position])
                }
            }
            rowStarts[row + 1] = columns.count
        }
        self.init(users: users, movies: movies, rowStarts: rowStarts, columns: columns, values: values)
    }

    /// Assembles a matrix from its parts, which the caller has checked (artifact decoding validates them).
    init(users: [UserID], movies: [MovieID], rowStarts: [Int], columns: [Int32], values: [Float]) {
        self.users = users
        self.movies = movies
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
        var userIndex: [UserID: Int32] = [:]
        userIndex.reserveCapacity(users.count)
        for (index, user) in users.enumerated() { userIndex[user] = Int32(index) }
        var movieIndex: [MovieID: Int32] = [:]
        movieIndex.reserveCapacity(movies.count)
        for (index, movie) in movies.enumerated() { movieIndex[movie] = Int32(index) }
        self.userIndex = userIndex
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
    ///
    /// Within each movie's row the user indices ascend.
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

    /// Approximate bytes of memory the matrix takes, index maps included.
    var memoryBytes: Int {
        rowStarts.count * 8 + columns.count * 4 + values.count * 4 + users.count * 40 + movies.count * 80
    }
}
