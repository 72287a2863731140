import MarqueeCore

extension ArtifactReader {
    mutating func readFactorMatrix(_ what: String) throws(ModelError) -> FactorMatrix {
        let rows = try readInt("\(what) rows")
        let factors = try readInt("\(what) factors", in: 1...1025)
        let values = try readFloats(what)
        guard values.count == rows * factors else { throw corrupt("\(what) holds \(values.count) values, not \(rows) × \(factors)") }
        try checkMagnitudes(values, what)
        return FactorMatrix(rows: rows, factors: factors, unpadded: values)
    }

    mutating func readInteractionMatrix() throws(ModelError) -> InteractionMatrix {
        let rawUsers = try readArray(Int64.self, "user ids")
        var users: [UserID] = []
        users.reserveCapacity(rawUsers.count)
        for raw in rawUsers {
            guard let user = UserID(raw), users.last.map({ $0 < user }) ?? true else { throw corrupt("user ids are invalid or not ascending") }
            users.append(user)
        }
        var movies: [MovieID] = []
        for slug in try readStrings("movie slugs") {
            guard let movie = MovieID(slug), movies.last.map({ $0 < movie }) ?? true else {
                throw corrupt("movie slugs are invalid or not ascending")
            }
            movies.append(movie)
        }
        let rowStarts = try readArray(Int64.self, "row starts").map { Int($0) }
        let columns = try readArray(Int32.self, "columns")
        let values = try readFloats("weights")
        guard values.count == columns.count else { throw corrupt("the interaction matrix has \(columns.count) movies but \(values.count) weights") }
        // Every row start is checked before any row is read: a later start below an earlier one, or past the end,
        // would otherwise make an earlier row's range run off the arrays.
        try checkOffsets(rowStarts, count: users.count, total: columns.count, "the interaction matrix's row starts")
        try checkMagnitudes(values, "the interaction weights")
        for row in 0..<users.count {
            var previous: Int32 = -1
            for entry in rowStarts[row]..<rowStarts[row + 1] {
                guard columns[entry] > previous, Int(columns[entry]) < movies.count, values[entry] > 0 else {
                    throw corrupt("row \(row) has an out-of-range or unsorted movie index, or a weight that is not positive")
                }
                previous = columns[entry]
            }
        }
        return InteractionMatrix(users: users, movies: movies, rowStarts: rowStarts, columns: columns, values: values)
    }

    mutating func readDemographicPopularity(movies: [MovieID]) throws(ModelError) -> DemographicPopularity {
        let userCount = try readInt("user count")
        let global = try readArray(Int32.self, "global counts")
        guard global.count == movies.count else { throw corrupt("global popularity has \(global.count) movies, not \(movies.count)") }
        let groupCount = try read(UInt32.self)
        guard groupCount <= 24 else { throw corrupt("\(groupCount) demographic groups, more than exist") }
        var groups: [UInt8: [Int32]] = [:]
        for _ in 0..<groupCount {
            let code = try read(UInt8.self)
            guard DemographicGroup(code: code) != nil else { throw corrupt("unknown demographic group code \(code)") }
            let counts = try readArray(Int32.self, "group counts")
            guard counts.count == movies.count else { throw corrupt("group popularity has \(counts.count) movies, not \(movies.count)") }
            groups[code] = counts
        }
        let coldIDs = try readArray(Int64.self, "cold-start user ids")
        let coldGroups = try readArray(UInt8.self, "cold-start user groups")
        guard coldIDs.count == coldGroups.count else { throw corrupt("cold-start users and groups differ in number") }
        var cold: [UserID: UInt8] = [:]
        cold.reserveCapacity(coldIDs.count)
        for (raw, code) in zip(coldIDs, coldGroups) {
            guard let user = UserID(raw), DemographicGroup(code: code) != nil else { throw corrupt("invalid cold-start user \(raw)") }
            cold[user] = code
        }
        return DemographicPopularity(movies: movies, globalCounts: global, groupCounts: groups, coldUsers: cold, userCount: userCount)
    }

    mutating func readUserContext() throws(ModelError) -> UserContext {
        let matrix = try readInteractionMatrix()
        return UserContext(matrix: matrix, coldStart: try readDemographicPopularity(movies: matrix.movies))
    }

    mutating func readNeighbourLists(movieCount: Int) throws(ModelError) -> NeighbourLists {
        let starts = try readArray(Int64.self, "neighbour starts").map { Int($0) }
        let indices = try readArray(Int32.self, "neighbour indices")
        let similarities = try readFloats("similarities")
        guard similarities.count == indices.count else { throw corrupt("\(indices.count) neighbours but \(similarities.count) similarities") }
        try checkOffsets(starts, count: movieCount, total: indices.count, "the neighbour starts")
        guard indices.allSatisfy({ $0 >= 0 && Int($0) < movieCount }) else { throw corrupt("a neighbour index is outside 0..<\(movieCount)") }
        try checkMagnitudes(similarities, "the similarities")
        return NeighbourLists(starts: starts, indices: indices, similarities: similarities)
    }
}

extension ArtifactReader {
    mutating func readNewMovieColdStart() throws(ModelError) -> NewMovieColdStart {
        var movies: [MovieID] = []
        for slug in try readStrings("new movie slugs") {
            guard let movie = MovieID(slug), movies.last.map({ $0 < movie }) ?? true else {
                throw corrupt("new movie slugs are invalid or not ascending")
            }
            movies.append(movie)
        }
        let starts = try readArray(Int64.self, "new movie peer starts").map { Int($0) }
        var peers: [MovieID] = []
        for slug in try readStrings("new movie peers") {
            guard let movie = MovieID(slug) else { throw corrupt("a new movie's peer slug is invalid") }
            peers.append(movie)
        }
        let weights = try readFloats("new movie peer weights")
        guard weights.count == peers.count else { throw corrupt("\(peers.count) new movie peers but \(weights.count) weights") }
        try checkOffsets(starts, count: movies.count, total: peers.count, "the new movies' peer starts")
        guard weights.allSatisfy({ $0 > 0 && $0 <= 1 }) else { throw corrupt("a new movie's peer weight is outside (0, 1]") }
        return NewMovieColdStart(movies: movies, peerStarts: starts, peers: peers, weights: weights)
    }
}
