import MarqueeCore

/// How recommendations spread over the catalogue: shares of recommendation slots per popularity decile, genre and
/// release era, catalogue coverage, and the Gini coefficient of exposure over every catalogue movie.
public struct ExposureFairness: Sendable, Encodable {
    /// Share of recommendation slots per popularity decile of the recommended movie (`decile 1` holds the tenth of the
    /// catalogue most watched in the events; `never watched` the rest).
    public var byPopularityDecile: [String: Double]
    /// Share of recommendation slots per genre (a movie with several genres counts for each).
    public var byGenre: [String: Double]
    /// Share of recommendation slots per release decade, e.g. `1990s`.
    public var byReleaseEra: [String: Double]
    /// Distinct recommended movies over catalogue movies.
    public var coverage: Double
    /// The Gini coefficient of the number of slots per catalogue movie: 0 when all get the same, near 1 when a few
    /// movies get everything.
    public var gini: Double
    /// Recommendation slots measured.
    public var slots: Int

    /// Measures the recommendation lists `recommended` over `catalogue`, with popularity from `watched` (movie → watchers).
    public static func measure(recommended: [[MovieID]], catalogue: [Movie], watched: [MovieID: Int]) -> ExposureFairness {
        let ranked = watched.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var decileOf: [MovieID: String] = [:]
        for (rank, entry) in ranked.enumerated() { decileOf[entry.key] = "decile \(rank * 10 / ranked.count + 1)" }
        var movies: [MovieID: Movie] = [:]
        for movie in catalogue { movies[movie.id] = movie }
        var slotsPerMovie: [MovieID: Int] = [:]
        var deciles: [String: Int] = [:]
        var genres: [String: Int] = [:]
        var eras: [String: Int] = [:]
        var slots = 0
        for list in recommended {
            for movie in list {
                slots += 1
                slotsPerMovie[movie, default: 0] += 1
                deciles[decileOf[movie] ?? "never watched", default: 0] += 1
                for genre in movies[movie]?.genres.map(\.name) ?? ["(unknown)"] { genres[genre.lowercased(), default: 0] += 1 }
                eras[era(of: movies[movie]), default: 0] += 1
            }
        }
        func shares(_ counts: [String: Int]) -> [String: Double] { counts.mapValues { Double($0) / Double(max(1, slots)) } }
        let universe = Set(catalogue.map(\.id)).union(slotsPerMovie.keys)
        return ExposureFairness(
            byPopularityDecile: shares(deciles), byGenre: shares(genres), byReleaseEra: shares(eras),
            coverage: universe.isEmpty ? 0 : Double(slotsPerMovie.count) / Double(universe.count),
            gini: Gini.of(universe.map { Double(slotsPerMovie[$0] ?? 0) }), slots: slots)
    }

    private static func era(of movie: Movie?) -> String {
        guard let date = movie?.releaseDate, date.count >= 4, let year = Int(date.prefix(4)) else { return "unknown" }
        return "\(year / 10 * 10)s"
    }
}

/// The Gini coefficient of non-negative values.
public enum Gini {
    /// `Σ (2i − n − 1) xᵢ / (n Σ xᵢ)` over the values sorted ascending (i from 1); 0 for an empty or all-zero input.
    public static func of(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let total = sorted.reduce(0, +)
        guard !sorted.isEmpty, total > 0 else { return 0 }
        let n = Double(sorted.count)
        var weighted = 0.0
        for (index, value) in sorted.enumerated() { weighted += (2 * Double(index + 1) - n - 1) * value }
        return weighted / (n * total)
    }
}
