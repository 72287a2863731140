import MarqueeCore
import MarqueeEvaluation
import MarqueeModels
import MarqueeSimulator

/// How well a model's top 20 agrees with the oracle's: NDCG@20 where the relevant movies are each user's 20 truly
/// best unwatched movies (by the simulator's hidden affinities), overall and per activity level (movies the user
/// watched in the history: 0, 1–2, 3–5, 6–10, 11+). Users are a fixed sample of the population.
struct GroundTruthAgreement {
    let simulator: Simulator
    let watched: [UserID: Set<MovieID>]
    var sampleSize = 2_000

    /// The agreement of `model`; the oracle itself (`nil`) scores 1.
    func measure(_ model: (any Recommender)?) -> (overall: Double, byActivity: [Double]) {
        let population = simulator.configuration.users
        let step = max(1, population / sampleSize)
        var sums = [Double](repeating: 0, count: 5)
        var counts = [Int](repeating: 0, count: 5)
        for index in stride(from: 0, to: population, by: step) {
            guard let user = UserID(Int64(index)) else { continue }
            let seen = watched[user] ?? []
            let best = simulator.taste.bestMovies(for: user, count: 20, in: simulator.catalogue.movies, excluding: seen)
            let list = model?.recommend(for: user, count: 20, excluding: seen).map(\.movie) ?? best
            let level = Self.level(seen.count)
            sums[level] += ndcg(at: 20, recommended: list, relevant: Set(best))
            counts[level] += 1
        }
        let overall = sums.reduce(0, +) / Double(max(1, counts.reduce(0, +)))
        return (overall, zip(sums, counts).map { $1 == 0 ? .nan : $0 / Double($1) })
    }

    static func level(_ watched: Int) -> Int {
        switch watched {
        case 0: 0
        case 1...2: 1
        case 3...5: 2
        case 6...10: 3
        default: 4
        }
    }
}

/// Spearman's rank correlation, ties given their mean rank.
enum Spearman {
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let (rx, ry) = (ranks(x), ranks(y))
        let n = Double(x.count)
        let (mx, my) = (rx.reduce(0, +) / n, ry.reduce(0, +) / n)
        var (covariance, vx, vy) = (0.0, 0.0, 0.0)
        for (a, b) in zip(rx, ry) {
            covariance += (a - mx) * (b - my)
            vx += (a - mx) * (a - mx)
            vy += (b - my) * (b - my)
        }
        return vx > 0 && vy > 0 ? covariance / (vx * vy).squareRoot() : .nan
    }

    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            for position in start...end { ranks[order[position]] = Double(start + end) / 2 + 1 }
            start = end + 1
        }
        return ranks
    }
}
