import MarqueeCore
import Synchronization

/// Every personalised user's top movies, computed ahead on several threads, so that serving one is a lookup.
///
/// Batch scoring trades memory and a warm-up for latency: at the reference scale (1,000,000 users, 30 movies each)
/// the lists take 120 MB of movie indices. A list holds ``depth`` movies, more than one answer needs, so that movies
/// a user watched after the computation can be removed at request time and 20 still remain.
public struct PrecomputedLists: Sendable {
    /// Movies kept per user.
    public let depth: Int
    /// The users, ascending.
    private let users: [UserID]
    private let lengths: [UInt8]
    /// `users.count × depth` indices into ``table``.
    private let movies: [Int32]
    private let table: [MovieID]

    /// Computes `model`'s top `depth` movies for each of `users` (default: the model's personalised users),
    /// excluding each user's `excluded` movies, on up to `threads` threads.
    ///
    /// `shouldStop` is asked before each chunk of 1,000 users: once it answers `true` (for good: a cancelled task, a
    /// shutdown), the chunks not yet started are skipped and their users get no list, so that the caller, asking
    /// `shouldStop` again after this returns, can drop the partial lists at once instead of waiting minutes for them.
    public init(
        model: any Recommender, users: [UserID]? = nil, depth: Int = 30, excluding excluded: [UserID: Set<MovieID>] = [:], threads: Int = 2,
        stoppingWhen shouldStop: @Sendable () -> Bool = { false }
    ) {
        let users = (users ?? model.personalisedUsers).sorted()
        let depth = min(max(depth, 1), Int(UInt8.max))
        let chunkSize = 1_000
        let chunkCount = (users.count + chunkSize - 1) / chunkSize
        // Each chunk numbers the movies it meets itself; the chunks' numbers are merged into one table afterwards.
        let chunks = ChunkResults(count: chunkCount)
        Parallel.forEachChunk(count: users.count, chunkSize: chunkSize, threads: threads) { range in
            guard !shouldStop() else { return }
            var local: [MovieID: Int32] = [:]
            var localTable: [MovieID] = []
            var indices = [Int32](repeating: -1, count: range.count * depth)
            var lengths = [UInt8](repeating: 0, count: range.count)
            for (offset, user) in users[range].enumerated() {
                let list = model.recommend(for: user, count: depth, excluding: excluded[user] ?? [])
                lengths[offset] = UInt8(list.count)
                for (position, scored) in list.enumerated() {
                    let index: Int32
                    if let known = local[scored.movie] {
                        index = known
                    } else {
                        index = Int32(localTable.count)
                        local[scored.movie] = index
                        localTable.append(scored.movie)
                    }
                    indices[offset * depth + position] = index
                }
            }
            chunks.store(ChunkResult(users: range, table: localTable, indices: indices, lengths: lengths), at: range.lowerBound / chunkSize)
        }
        var table: [MovieID] = []
        var global: [MovieID: Int32] = [:]
        var movies: [Int32] = []
        movies.reserveCapacity(users.count * depth)
        var lengths: [UInt8] = []
        lengths.reserveCapacity(users.count)
        var listed: [UserID] = []
        listed.reserveCapacity(users.count)
        for chunk in chunks.results() {
            listed.append(contentsOf: users[chunk.users])
            let remap = chunk.table.map { movie -> Int32 in
                if let known = global[movie] { return known }
                let index = Int32(table.count)
                global[movie] = index
                table.append(movie)
                return index
            }
            movies.append(contentsOf: chunk.indices.map { $0 < 0 ? -1 : remap[Int($0)] })
            lengths.append(contentsOf: chunk.lengths)
        }
        self.depth = depth
        self.users = listed
        self.lengths = lengths
        self.movies = movies
        self.table = table
    }

    /// How many users have a list.
    public var count: Int { users.count }

    /// The precomputed list of `user`, best first, or `nil` for a user without one.
    public func list(for user: UserID) -> [MovieID]? {
        guard let row = row(of: user) else { return nil }
        let base = row * depth
        return (0..<Int(lengths[row])).map { table[Int(movies[base + $0])] }
    }

    /// The first `count` movies of `user`'s list that are not in `excluded`, and whether the list had that many (or
    /// had nothing to exclude); `nil` for a user without a list.
    public func answer(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> (movies: [MovieID], complete: Bool)? {
        guard let row = row(of: user) else { return nil }
        let base = row * depth
        return Self.answer(from: (0..<Int(lengths[row])).lazy.map { table[Int(movies[base + $0])] }, count: count, excluding: excluded)
    }

    /// The first `count` movies of `list` that are not in `excluded`, and whether that is the whole answer: the list had
    /// that many, or nothing to exclude (so the model, asked live, would have answered the same).
    public static func answer(from list: some Sequence<MovieID>, count: Int, excluding excluded: Set<MovieID>) -> (movies: [MovieID], complete: Bool)
    {
        var answer: [MovieID] = []
        answer.reserveCapacity(count)
        var skipped = false
        for movie in list where answer.count < count {
            if !excluded.isEmpty, excluded.contains(movie) { skipped = true } else { answer.append(movie) }
        }
        return (answer, answer.count >= count || !skipped)
    }

    private func row(of user: UserID) -> Int? { users.indexInSorted(user) }

    /// Approximate bytes the lists take.
    public var memoryBytes: Int { users.count * (8 + 1 + 4 * depth) + table.count * 32 }
}

/// One chunk's lists, with movie numbers local to the chunk.
private struct ChunkResult: Sendable {
    /// The positions, in the sorted users, of the chunk's users.
    var users: Range<Int>
    var table: [MovieID]
    var indices: [Int32]
    var lengths: [UInt8]
}

/// The chunks' results, written once each from the worker threads.
private final class ChunkResults: Sendable {
    private let slots: Mutex<[ChunkResult?]>

    init(count: Int) { slots = Mutex([ChunkResult?](repeating: nil, count: count)) }

    func store(_ result: ChunkResult, at index: Int) { slots.withLock { $0[index] = result } }

    func results() -> [ChunkResult] { slots.withLock { $0.compactMap { $0 } } }
}
