import Foundation
import MarqueeCore
import MarqueeSimulator

/// The offline ceiling on ``SimulatedInteractions``: ranks movies by their probability of being in a user's watched
/// set under the very process that made the data, knowing the hidden tastes.
///
/// A user is shown `candidates` distinct movies drawn by popularity weight `w` and watches the `perUser` they like
/// most among them. So `P(m watched) = P(m shown) · P(fewer than perUser shown movies are liked more than m)`.
/// With successive sampling, `P(m shown) ≈ 1 − exp(−λ wₘ)`, where λ makes the shown probabilities sum to
/// `candidates`; the count of shown movies liked more than `m` is a sum of independent Bernoulli(`P(j shown)`) over
/// those movies `j`, approximated by a normal law with continuity correction. Ranking by this probability is what no
/// recommender can beat offline, unlike the plain true-taste ranking, which ignores exposure.
struct ExposureAwareOracle {
    let simulator: Simulator
    let perUser: Int
    /// `P(m shown)` per movie, in catalogue order.
    let shown: [Double]

    init(simulator: Simulator, perUser: Int, candidates: Int) {
        self.simulator = simulator
        self.perUser = perUser
        let weights = simulator.catalogue.movies.movies.map { max(0.001, $0.popularity ?? 1) }
        let target = Double(min(candidates, weights.count))
        var low = 0.0
        var high = 1.0
        func expected(_ lambda: Double) -> Double { weights.reduce(0) { $0 + (1 - exp(-lambda * $1)) } }
        while expected(high) < target, high < 1e12 { high *= 2 }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if expected(middle) < target { low = middle } else { high = middle }
        }
        let lambda = (low + high) / 2
        shown = weights.map { 1 - exp(-lambda * $0) }
    }

    /// The 20 movies `user` most probably watched, never one of `excluded`.
    func recommend(for user: UserID, excluding excluded: Set<MovieID>) -> [MovieID] {
        let catalogue = simulator.catalogue.movies
        guard let affinities = simulator.taste.affinities(of: user) else { return [] }
        let byAffinity = affinities.indices.sorted { affinities[$0] > affinities[$1] }
        var mean = 0.0
        var variance = 0.0
        var scored: [(movie: Int, probability: Double)] = []
        scored.reserveCapacity(byAffinity.count)
        for movie in byAffinity {
            let limit = Double(perUser) - 0.5
            let beaten = variance > 0 ? Self.normalCDF((limit - mean) / variance.squareRoot()) : (mean <= limit ? 1 : 0)
            scored.append((movie, shown[movie] * beaten))
            mean += shown[movie]
            variance += shown[movie] * (1 - shown[movie])
        }
        return scored.sorted { $0.probability > $1.probability }.lazy.map { catalogue.id(at: $0.movie) }
            .filter { !excluded.contains($0) }.prefix(20).map { $0 }
    }

    private static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}
