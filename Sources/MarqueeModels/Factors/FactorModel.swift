import MarqueeCore

/// The serving half shared by the matrix-factorisation models: score = user factors · movie factors.
struct FactorModel: Sendable {
    let context: UserContext
    let users: FactorMatrix
    let items: FactorMatrix

    /// Top `count` movies for `user` by dot product, skipping trained and excluded movies; cold users get
    /// demographic popularity.
    func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        guard count > 0 else { return [] }
        guard let row = context.matrix.index(of: user) else {
            return context.coldStart.recommend(for: user, count: count, excluding: excluded)
        }
        let skipped = context.skipped(row: row, excluding: excluded)
        let stride = items.stride
        return users.storage.withUnsafeBufferPointer { userBuffer in
            items.storage.withUnsafeBufferPointer { itemBuffer in
                guard let userBase = userBuffer.baseAddress, let itemBase = itemBuffer.baseAddress else { return [] }
                let vector = userBase + row * stride
                return context.top(count: count, skipping: skipped) { movie in
                    VectorKernels.dot(vector, itemBase + movie * stride, count: stride)
                }
            }
        }
    }

    /// The dot-product score of `movies` for `user` (cold users: demographic popularity).
    func scores(for user: UserID, movies: [MovieID]) -> [Double?] {
        let indices = movies.map { context.matrix.index(of: $0) }
        guard let row = context.matrix.index(of: user) else { return context.coldStart.scores(for: user, indices: indices) }
        return indices.map { index in index.map { Double(score(row: row, movie: $0)) } }
    }

    func score(row: Int, movie: Int) -> Float {
        let stride = items.stride
        return users.storage.withUnsafeBufferPointer { userBuffer in
            items.storage.withUnsafeBufferPointer { itemBuffer in
                guard let userBase = userBuffer.baseAddress, let itemBase = itemBuffer.baseAddress else { return 0 }
                return VectorKernels.dot(userBase + row * stride, itemBase + movie * stride, count: stride)
            }
        }
    }

    var memoryBytes: Int { users.memoryBytes + items.memoryBytes + context.matrix.memoryBytes + context.coldStart.memoryBytes }
}
