import MarqueeCore
import MarqueeEvaluation
import MarqueeSimulator

/// A simulated implicit-feedback matrix of any size, straight from the simulator's hidden tastes (no event log):
/// each user is shown `candidates` movies drawn by popularity and watches the `perUser` they like most, in a random
/// order in time, longer the better they like it.
enum SimulatedInteractions {
    static func make(users: Int, movies: Int, perUser: Int, candidates: Int = 150, seed: UInt64 = 7) throws -> EvaluationData {
        try make(simulator: simulator(users: users, movies: movies, seed: seed), perUser: perUser, candidates: candidates, seed: seed)
    }

    /// The simulated world whose hidden tastes the interactions come from.
    static func simulator(users: Int, movies: Int, seed: UInt64 = 7) throws -> Simulator {
        try Simulator(configuration: SimulatorConfiguration(users: users, movies: movies, days: 0, seed: seed))
    }

    /// Interactions of `simulator`'s users.
    static func make(simulator: Simulator, perUser: Int, candidates: Int = 150, seed: UInt64 = 7) throws -> EvaluationData {
        let users = simulator.configuration.users
        let catalogue = simulator.catalogue.movies
        var cumulative: [Double] = []
        cumulative.reserveCapacity(catalogue.count)
        var total = 0.0
        for movie in catalogue.movies {
            total += max(0.001, movie.popularity ?? 1)
            cumulative.append(total)
        }
        var rng = SplitMix64(seed: seed)
        let start = EventTime(year: 2025, month: 1, day: 1) ?? EventTime(microseconds: 0)
        var interactions: [EvaluationData.Interaction] = []
        interactions.reserveCapacity(users * perUser)
        for index in 0..<users {
            guard let user = UserID(Int64(index)) else { continue }
            var shown = Set<Int>()
            while shown.count < min(candidates, catalogue.count) {
                let target = Double.random(in: 0..<total, using: &rng)
                var low = 0
                var high = cumulative.count - 1
                while low < high {
                    let middle = (low + high) / 2
                    if cumulative[middle] <= target { low = middle + 1 } else { high = middle }
                }
                shown.insert(low)
            }
            let liked = shown.compactMap { movie -> (MovieID, Double)? in
                let id = catalogue.id(at: movie)
                return simulator.taste.affinity(user: user, movie: id, in: catalogue).map { (id, $0) }
            }.sorted { $0.1 > $1.1 }.prefix(perUser)
            for (rank, (movie, _)) in liked.shuffled(using: &rng).enumerated() {
                let minutes = 20 + Int.random(in: 0..<100, using: &rng) * (perUser - rank) / perUser
                interactions.append(
                    .init(user: user, movie: movie, minutesWatched: minutes, rating: nil, time: start.adding(seconds: Double(rank) * 86_400)))
            }
        }
        let runtimes = Dictionary(catalogue.movies.compactMap { movie in movie.runtime.map { (movie.id, $0) } }, uniquingKeysWith: { a, _ in a })
        return EvaluationData(interactions: interactions, runtimes: runtimes)
    }
}
