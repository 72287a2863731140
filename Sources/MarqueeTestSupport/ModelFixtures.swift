import MarqueeCore
import MarqueeModels

/// Training data with planted structure, for model tests and benchmarks.
public enum ModelFixtures {
    /// The movie of cluster `cluster` (0 = "a", 1 = "b", …) with number `number`, e.g. `a3+2000`.
    public static func movie(cluster: Int, _ number: Int) -> MovieID {
        let letter = Character(UnicodeScalar(UInt8(97 + cluster % 26)))
        return MovieID("\(letter)\(number)+\(2000 + cluster / 26)") ?? MovieID("x+2000")!
    }

    /// Users in `clusters` disjoint taste clusters: each user of cluster `c` watched a deterministic ~60 % of cluster
    /// `c`'s `moviesPerCluster` movies fully (some rated 5) and nothing else. User `u` is in cluster `u % clusters`;
    /// cluster 0 users are `F` aged 30, cluster 1 users `M` aged 47, others of unknown demographics.
    /// `usersPerCluster` may differ per cluster (the last value repeats).
    public static func clustered(
        usersPerCluster: [Int] = [24, 36], moviesPerCluster: Int = 10, clusters: Int = 2, seed: UInt64 = 1
    ) -> TrainingData {
        var random = SplitMix64(seed: seed)
        func nextRandom() -> UInt64 { random.next() }
        var interactions: [TrainingData.Interaction] = []
        var users: [UserID: User] = [:]
        var runtimes: [MovieID: Int] = [:]
        var nextUser: Int64 = 1
        for cluster in 0..<clusters {
            for number in 0..<moviesPerCluster { runtimes[movie(cluster: cluster, number)] = 100 }
            let count = usersPerCluster[min(cluster, usersPerCluster.count - 1)]
            for _ in 0..<count {
                guard let user = UserID(nextUser) else { continue }
                nextUser += 1
                users[user] = User(
                    id: user, age: cluster == 0 ? 30 : (cluster == 1 ? 47 : nil), gender: cluster == 0 ? "F" : (cluster == 1 ? "M" : nil))
                for number in 0..<moviesPerCluster where nextRandom() % 10 < 6 {
                    let rating: Int? = nextRandom() % 3 == 0 ? 5 : nil
                    interactions.append(.init(user: user, movie: movie(cluster: cluster, number), minutesWatched: 100, rating: rating))
                }
            }
        }
        return TrainingData(interactions: interactions, runtimes: runtimes, users: users)
    }

    /// The genre of cluster `cluster` in ``withGenres(_:clusters:newMoviesPerCluster:)``: `Genre0`, `Genre1`, ….
    public static func genre(cluster: Int) -> String { "Genre\(cluster)" }

    /// The new movies of cluster `cluster`: numbers 100, 101, … in the cluster's naming, with no interactions.
    public static func newMovies(cluster: Int, count: Int = 2) -> [MovieID] {
        (0..<count).map { movie(cluster: cluster, 100 + $0) }
    }

    /// `data` (from ``clustered(usersPerCluster:moviesPerCluster:clusters:seed:)``) with a catalogue of genres: every
    /// movie of cluster `c` has the genre ``genre(cluster:)``, and each cluster gets ``newMovies(cluster:count:)`` of
    /// its genre that nobody has watched.
    public static func withGenres(_ data: TrainingData, clusters: Int = 2, newMoviesPerCluster: Int = 2) -> TrainingData {
        var data = data
        for interaction in data.interactions {
            let letter = interaction.movie.slug.unicodeScalars.first.map { Int($0.value) - 97 } ?? 0
            data.genres[interaction.movie] = [genre(cluster: letter)]
        }
        for cluster in 0..<clusters {
            for movie in newMovies(cluster: cluster, count: newMoviesPerCluster) { data.genres[movie] = [genre(cluster: cluster)] }
        }
        return data
    }

    /// A large random matrix with `clusters` taste clusters for benchmarks: each user watches about `perUser` movies,
    /// 80 % from their cluster's slice of the catalogue, popularity skewed within it.
    public static func large(users: Int, movies: Int, perUser: Int, clusters: Int = 20, seed: UInt64 = 7) -> TrainingData {
        var random = SplitMix64(seed: seed)
        func nextRandom() -> UInt64 { random.next() }
        let movieIDs = (0..<movies).compactMap { MovieID("movie\($0)+2000") }
        let slice = max(1, movies / clusters)
        var interactions: [TrainingData.Interaction] = []
        interactions.reserveCapacity(users * perUser)
        for index in 0..<users {
            guard let user = UserID(Int64(index + 1)) else { continue }
            let cluster = index % clusters
            for _ in 0..<perUser {
                let uniform = Double(nextRandom() >> 11) / Double(1 << 53)
                let skewed = uniform * uniform
                let movie: Int
                if nextRandom() % 10 < 8 {
                    movie = (cluster * slice + Int(skewed * Double(slice))) % movies
                } else {
                    movie = Int(skewed * Double(movies)) % movies
                }
                let minutes = 20 + Int(nextRandom() % 100)
                interactions.append(.init(user: user, movie: movieIDs[movie], minutesWatched: minutes, rating: nil))
            }
        }
        return TrainingData(interactions: interactions)
    }

    /// ``clustered(usersPerCluster:moviesPerCluster:clusters:seed:)`` plus user 999, whose taste changed: five of
    /// cluster 0's movies watched long ago, then two of cluster 1's lately. Every other interaction is as old as the
    /// old taste. Returns the data, the user, and the movies the user watched.
    public static func changedTaste() -> (data: TrainingData, user: UserID, watched: Set<MovieID>) {
        var data = clustered()
        let changed = UserID(999)!
        let old = EventTime(microseconds: 1_600_000_000_000_000)
        let recent = EventTime(microseconds: 1_700_000_000_000_000)
        for number in 0..<5 {
            data.interactions.append(.init(user: changed, movie: movie(cluster: 0, number), minutesWatched: 100, rating: nil, time: old))
        }
        for number in 0..<2 {
            data.interactions.append(.init(user: changed, movie: movie(cluster: 1, number), minutesWatched: 100, rating: nil, time: recent))
        }
        for index in data.interactions.indices where data.interactions[index].time == nil { data.interactions[index].time = old }
        return (data, changed, data.watchedMovies()[changed] ?? [])
    }

    /// Whether `movie` is one of cluster `cluster`'s movies (of ``clustered(usersPerCluster:moviesPerCluster:clusters:seed:)``'s
    /// default ten per cluster).
    public static func isInCluster(_ cluster: Int, _ movie: MovieID?) -> Bool {
        guard let movie else { return false }
        return (0..<10).map { self.movie(cluster: cluster, $0) }.contains(movie)
    }
}
