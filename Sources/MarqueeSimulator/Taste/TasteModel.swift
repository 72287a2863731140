import Foundation
import MarqueeCore

/// The hidden ground truth of the simulation: how much a user likes a movie.
///
/// `affinity(u, m) = 0.6·quality(m) + genreTaste(group(u), occupation(u), genres(m)) + ⟨p_u, q_m⟩`, where
/// quality is long-tail correlated with popularity, the genre taste differs by gender × age band (and a
/// little by occupation), and `p_u`, `q_m` are latent factors (movie factors lean towards genre
/// embeddings). Recommenders never see this; tests and oracle baselines do. A popularity model can
/// only learn the first term averaged over the population, so a personalised model can beat it.
public struct TasteModel: Sendable {
    /// Dimension of the latent factors.
    public let dimension: Int
    private let seed: UInt64
    private let movieCount: Int
    /// Movie factors, row-major `movieCount × dimension`.
    private let movieFactors: [Float]
    /// Per movie: `0.6·quality`.
    private let movieBias: [Float]
    /// Per group and movie: demographic genre taste, row-major `groupCount × movieCount`.
    private let groupScores: [Float]
    /// Per occupation and movie: occupational genre taste, row-major `21 × movieCount`.
    private let occupationScores: [Float]
    let users: UserPopulation

    /// Builds the ground truth for a catalogue and a population.
    public init(seed: UInt64, movies: MovieCatalogue, users: UserPopulation, dimension: Int = 12) {
        let dimension = max(1, dimension)
        self.dimension = dimension
        self.seed = seed
        self.users = users
        movieCount = movies.count
        let genreCount = GenreTable.genres.count

        var rng = Xoshiro256(seed: SplitMix64.mix(seed ^ 0x5441_5354_45))
        let embeddings = (0..<genreCount).map { _ in (0..<dimension).map { _ in rng.gaussian() } }
        var groupTable = DemographicTaste.table()
        for group in groupTable.indices {
            for genre in groupTable[group].indices { groupTable[group][genre] += 0.1 * rng.gaussian() }
        }
        let occupationTable = DemographicTaste.occupationTable()

        let scale = 0.7 / Double(dimension).squareRoot()
        var factors = [Float](repeating: 0, count: movieCount * dimension)
        var bias = [Float](repeating: 0, count: movieCount)
        var groupScores = [Float](repeating: 0, count: DemographicTaste.groupCount * movieCount)
        var occupationScores = [Float](repeating: 0, count: occupationTable.count * movieCount)
        for movie in 0..<movieCount {
            var mrng = SplitMix64(seed: seed, stream: Streams.movieFactors, key: UInt64(movie))
            let genres = movies.genreIndices[movie]
            for k in 0..<dimension {
                var genreMean = 0.0
                for genre in genres { genreMean += embeddings[genre][k] }
                genreMean /= Double(genres.count)
                let value = (0.55 * genreMean + 0.85 * mrng.gaussian()) * scale
                factors[movie * dimension + k] = Float(value)
            }
            bias[movie] = Float(0.6 * movies.quality[movie])
            let weight = 1.3 / Double(genres.count).squareRoot()
            for group in 0..<DemographicTaste.groupCount {
                groupScores[group * movieCount + movie] = Float(weight * genres.reduce(0) { $0 + groupTable[group][$1] })
            }
            for occupation in occupationTable.indices {
                occupationScores[occupation * movieCount + movie] = Float(weight * genres.reduce(0) { $0 + occupationTable[occupation][$1] })
            }
        }
        movieFactors = factors
        movieBias = bias
        self.groupScores = groupScores
        self.occupationScores = occupationScores
    }

    /// The true affinity of `user` for `movie`; `nil` when either is unknown.
    public func affinity(user: UserID, movie: MovieID, in catalogue: MovieCatalogue) -> Double? {
        guard users.contains(user), let index = catalogue.index(of: movie) else { return nil }
        return Double(taste(of: Int(user.rawValue)).affinity(index, in: self))
    }

    /// The true affinity of `user` for every movie, in catalogue order; `nil` for a user the population does not have.
    public func affinities(of user: UserID) -> [Float]? {
        guard users.contains(user) else { return nil }
        let taste = taste(of: Int(user.rawValue))
        return (0..<movieCount).map { taste.affinity($0, in: self) }
    }

    /// The `count` movies `user` likes most, best first: the oracle ranking no recommender can beat.
    public func bestMovies(for user: UserID, count: Int, in catalogue: MovieCatalogue, excluding: Set<MovieID> = []) -> [MovieID] {
        guard users.contains(user), count > 0 else { return [] }
        let taste = taste(of: Int(user.rawValue))
        var top: [(score: Float, index: Int)] = []
        top.reserveCapacity(count + 1)
        for movie in 0..<movieCount {
            let score = taste.affinity(movie, in: self)
            if top.count == count, let last = top.last, score <= last.score { continue }
            if !excluding.isEmpty, excluding.contains(catalogue.id(at: movie)) { continue }
            let position = top.firstIndex { $0.score < score } ?? top.count
            top.insert((score, movie), at: position)
            if top.count > count { top.removeLast() }
        }
        return top.map { catalogue.id(at: $0.index) }
    }

    /// The hidden taste of user `index`, regenerated from the seed.
    func taste(of index: Int) -> UserTaste {
        let profile = users.profile(of: index)
        var rng = SplitMix64(seed: seed, stream: Streams.userFactors, key: UInt64(index))
        var vector = [Float](repeating: 0, count: dimension)
        for k in 0..<dimension { vector[k] = Float(rng.gaussian()) }
        return UserTaste(profile: profile, vector: vector, generosity: 0.35 * rng.gaussian())
    }

    @inline(__always)
    fileprivate func affinity(vector: [Float], group: Int, groupSign: Float, occupation: Int, movie: Int) -> Float {
        var dot: Float = 0
        movieFactors.withUnsafeBufferPointer { factors in
            vector.withUnsafeBufferPointer { user in
                let base = movie * dimension
                for k in 0..<dimension { dot += user[k] * factors[base + k] }
            }
        }
        return movieBias[movie] + groupSign * groupScores[group * movieCount + movie] + occupationScores[occupation * movieCount + movie] + dot
    }
}

/// One user's hidden taste, computed once per session.
struct UserTaste: Sendable {
    var profile: UserProfile
    /// Latent factors.
    var vector: [Float]
    /// How much higher than average this user rates, in affinity units.
    var generosity: Double
    /// 1, or −1 once a `taste-shift` scenario turned the user's demographic genre taste around.
    var groupSign: Float = 1

    /// The affinity for movie `index`.
    @inline(__always)
    func affinity(_ movie: Int, in model: TasteModel) -> Float {
        model.affinity(vector: vector, group: profile.group, groupSign: groupSign, occupation: profile.occupation, movie: movie)
    }
}
