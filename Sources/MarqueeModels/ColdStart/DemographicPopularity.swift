import MarqueeCore

/// Popularity per demographic group, the cold-start answer of every personalised model.
///
/// A movie's popularity is the number of users with positive feedback on it. A user the model has no history for, but
/// whose demographics the training data knows, gets the movies most popular within their group (gender × age band),
/// ties broken by global popularity then by slug; a user unknown to the training data gets global popularity.
/// Cold scores are `group count + global count / (users + 1)`, so they order exactly as the ranking.
public struct DemographicPopularity: Sendable {
    /// The movies, indexed as in the training matrix.
    public let movies: [MovieID]
    /// Users with positive feedback per movie.
    let globalCounts: [Int32]
    /// Users with positive feedback per movie within each group that has users.
    let groupCounts: [UInt8: [Int32]]
    /// The group of each user known to the training data without positive feedback of their own.
    let coldUsers: [UserID: UInt8]
    /// Number of users with positive feedback.
    let userCount: Int
    private let globalRanking: [Int32]
    private let groupRankings: [UInt8: [Int32]]

    /// Counts popularity per group over `matrix`; `users` gives the demographics.
    public init(matrix: InteractionMatrix, users: [UserID: User]) {
        var global = [Int32](repeating: 0, count: matrix.movieCount)
        var groups: [UInt8: [Int32]] = [:]
        for row in 0..<matrix.userCount {
            let range = matrix.rowStarts[row]..<matrix.rowStarts[row + 1]
            let group = users[matrix.users[row]].map { DemographicGroup($0).code }
            for entry in range { global[Int(matrix.columns[entry])] += 1 }
            guard let group, group != 0 else { continue }
            if groups[group] == nil { groups[group] = [Int32](repeating: 0, count: matrix.movieCount) }
            for entry in range { groups[group]?[Int(matrix.columns[entry])] += 1 }
        }
        var cold: [UserID: UInt8] = [:]
        for (id, user) in users where matrix.index(of: id) == nil { cold[id] = DemographicGroup(user).code }
        self.init(movies: matrix.movies, globalCounts: global, groupCounts: groups, coldUsers: cold, userCount: matrix.userCount)
    }

    /// Assembles the model from its counts (artifact decoding validates them).
    init(movies: [MovieID], globalCounts: [Int32], groupCounts: [UInt8: [Int32]], coldUsers: [UserID: UInt8], userCount: Int) {
        self.movies = movies
        self.globalCounts = globalCounts
        self.groupCounts = groupCounts
        self.coldUsers = coldUsers
        self.userCount = userCount
        self.globalRanking = Self.ranking(primary: globalCounts, secondary: globalCounts)
        self.groupRankings = groupCounts.mapValues { Self.ranking(primary: $0, secondary: globalCounts) }
    }

    private static func ranking(primary: [Int32], secondary: [Int32]) -> [Int32] {
        primary.indices.sorted { lhs, rhs in
            if primary[lhs] != primary[rhs] { return primary[lhs] > primary[rhs] }
            if secondary[lhs] != secondary[rhs] { return secondary[lhs] > secondary[rhs] }
            return lhs < rhs
        }.map { Int32($0) }
    }

    /// The users known without positive feedback of their own, ascending: each gets their group's popularity.
    public var knownUsers: [UserID] { coldUsers.keys.sorted() }

    /// The group whose popularity `user` gets, or `nil` for global popularity.
    public func group(of user: UserID) -> DemographicGroup? {
        guard let code = coldUsers[user], groupCounts[code] != nil else { return nil }
        return DemographicGroup(code: code)
    }

    private func score(_ movie: Int, group: UInt8?) -> Double {
        guard let group, let counts = groupCounts[group] else { return Double(globalCounts[movie]) }
        return Double(counts[movie]) + Double(globalCounts[movie]) / Double(userCount + 1)
    }

    /// Up to `count` of the most popular movies for `user`'s group, never one of `excluded`.
    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        let code = group(of: user)?.code
        let ranking = code.flatMap { groupRankings[$0] } ?? globalRanking
        var result: [ScoredMovie] = []
        result.reserveCapacity(max(0, min(count, ranking.count)))
        for index in ranking where result.count < count {
            let movie = movies[Int(index)]
            if !excluded.contains(movie) { result.append(ScoredMovie(movie: movie, score: score(Int(index), group: code))) }
        }
        return result
    }

    /// The cold-start score of every movie for `user`, in matrix order.
    func denseScores(for user: UserID) -> [Double] {
        let code = group(of: user)?.code
        return movies.indices.map { score($0, group: code) }
    }

    /// The cold-start score of each movie at `indices` for `user` (`nil` entries stay `nil`).
    func scores(for user: UserID, indices: [Int?]) -> [Double?] {
        let code = group(of: user)?.code
        return indices.map { $0.map { score($0, group: code) } }
    }

    /// Why `movie` (index `index`) is a cold-start recommendation for `user`.
    func explain(index: Int?, for user: UserID) -> Explanation {
        guard let index else { return Explanation(reasons: []) }
        let group = group(of: user)
        if let group, let counts = groupCounts[group.code] {
            return Explanation(reasons: [
                .init(
                    text: "popular with \(group): watched by \(counts[index]) users in the group",
                    contribution: score(index, group: group.code))
            ])
        }
        return Explanation(reasons: [.init(text: "popular: watched by \(globalCounts[index]) users", contribution: score(index, group: nil))])
    }

    var memoryBytes: Int { globalCounts.count * 8 * (1 + groupCounts.count) + coldUsers.count * 24 }
}
