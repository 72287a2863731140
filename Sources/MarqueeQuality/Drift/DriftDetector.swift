import MarqueeCore

/// Drift checks between a reference window (what the model was trained on) and a recent one: what users watch
/// (item popularity, genre mix overall and per gender), who is active (gender × age band, occupation), how they watch
/// and rate (watch length, rating distribution), and what the model itself recommends (popularity of recommended
/// movies). Each check gives the population stability index and a significance test; it reports drift when both
/// agree (see ``DriftCheck``).
public struct DriftDetector: Sendable {
    /// The PSI above which a check reports drift (0.25: a large shift by the usual rule).
    public var threshold: Double
    /// How many of each window's most-watched movies keep their own category in the item-popularity check.
    public var top: Int
    /// The least observations each window needs before a check is made.
    public var minimumCount: Int

    /// Creates the checks' settings.
    public init(threshold: Double = 0.25, top: Int = 50, minimumCount: Int = 200) {
        self.threshold = threshold
        self.top = top
        self.minimumCount = minimumCount
    }

    /// The checks of `recent` against `reference`, with the catalogue's `genres` and `users`; a check is left out
    /// when either window has fewer than ``minimumCount`` observations of it.
    public func checks(reference: DriftWindow, recent: DriftWindow, genres: [MovieID: [String]], users: [UserID: User] = [:]) -> [DriftCheck] {
        var checks: [DriftCheck?] = []
        let popular = mostWatched(reference).union(mostWatched(recent))
        checks.append(categorical("item popularity of watched movies", reference, recent) { Self.moviePopularity($0, keeping: popular) })
        checks.append(categorical("genre mix of watched movies", reference, recent) { Self.genreMix($0, genres: genres) })
        if !users.isEmpty {
            for (isFemale, group) in [(true, "women"), (false, "men")] {
                checks.append(
                    categorical("genre mix of watched movies, \(group)", reference, recent) { window in
                        Self.genreMix(window, genres: genres) { users[$0]?.gender == (isFemale ? "F" : "M") }
                    })
            }
            checks.append(categorical("gender and age of active users", reference, recent) { Self.demographics($0, users: users) })
            checks.append(categorical("occupation of active users", reference, recent) { Self.occupations($0, users: users) })
        }
        checks.append(watchLength(reference, recent))
        checks.append(categorical("rating distribution", reference, recent) { window in
            Dictionary(window.ratings.map { ("\($0)", 1) }, uniquingKeysWith: +)
        })
        let deciles = Self.popularityDeciles(reference)
        checks.append(categorical("popularity of recommended movies", reference, recent) { window in
            Dictionary(window.recommended.map { (deciles[$0] ?? "never watched", 1) }, uniquingKeysWith: +)
        })
        return checks.compactMap { $0 }
    }

    private func categorical(
        _ name: String, _ reference: DriftWindow, _ recent: DriftWindow, counts: (DriftWindow) -> [String: Int]
    ) -> DriftCheck? {
        let expected = counts(reference)
        let actual = counts(recent)
        let referenceCount = expected.values.reduce(0, +)
        let recentCount = actual.values.reduce(0, +)
        guard referenceCount >= minimumCount, recentCount >= minimumCount else { return nil }
        return DriftCheck(
            name: name, psi: PopulationStabilityIndex.of(reference: expected, recent: actual), threshold: threshold,
            chiSquare: ChiSquareTest(reference: expected, recent: actual), referenceCount: referenceCount, recentCount: recentCount)
    }

    /// Minutes watched per (user, movie): the PSI over the reference's deciles, and the Kolmogorov–Smirnov test.
    private func watchLength(_ reference: DriftWindow, _ recent: DriftWindow) -> DriftCheck? {
        let expected = reference.watched.values.map(Double.init)
        let actual = recent.watched.values.map(Double.init)
        guard expected.count >= minimumCount, actual.count >= minimumCount else { return nil }
        let sorted = expected.sorted()
        let cuts = Array(Set((1..<10).map { sorted[$0 * sorted.count / 10] })).sorted()
        func binned(_ values: [Double]) -> [Int: Int] {
            Dictionary(values.map { (indexInSortedCuts(cuts, $0), 1) }, uniquingKeysWith: +)
        }
        return DriftCheck(
            name: "watch length (minutes per watched movie)", psi: PopulationStabilityIndex.of(reference: binned(expected), recent: binned(actual)),
            threshold: threshold, kolmogorovSmirnov: KolmogorovSmirnovTest(reference: expected, recent: actual), referenceCount: expected.count,
            recentCount: actual.count)
    }

    private func mostWatched(_ window: DriftWindow) -> Set<MovieID> {
        Set(window.watchersPerMovie.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top).map(\.key))
    }

    private static func moviePopularity(_ window: DriftWindow, keeping popular: Set<MovieID>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for pair in window.watched.keys { counts[popular.contains(pair.movie) ? pair.movie.slug : "(other movies)", default: 0] += 1 }
        return counts
    }

    private static func genreMix(_ window: DriftWindow, genres: [MovieID: [String]], including: (UserID) -> Bool = { _ in true }) -> [String: Int] {
        var counts: [String: Int] = [:]
        for pair in window.watched.keys where including(pair.user) {
            for genre in genres[pair.movie] ?? ["(unknown)"] { counts[genre.lowercased(), default: 0] += 1 }
        }
        return counts
    }

    private static func demographics(_ window: DriftWindow, users: [UserID: User]) -> [String: Int] {
        Dictionary(
            window.activeUsers.map { user -> (String, Int) in
                guard let record = users[user] else { return ("(unknown)", 1) }
                return ("\(record.gender ?? "?") \(record.age.map(ageBand) ?? "?")", 1)
            }, uniquingKeysWith: +)
    }

    private static func occupations(_ window: DriftWindow, users: [UserID: User]) -> [String: Int] {
        Dictionary(window.activeUsers.map { (users[$0]?.occupation ?? "(unknown)", 1) }, uniquingKeysWith: +)
    }

    private static func ageBand(_ age: Int) -> String { age < 18 ? "<18" : age < 30 ? "18-29" : age < 50 ? "30-49" : "50+" }

    /// Each movie watched in `window`, by decile of its number of watchers: `decile 1` holds the most-watched tenth.
    private static func popularityDeciles(_ window: DriftWindow) -> [MovieID: String] {
        let ranked = window.watchersPerMovie.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var deciles: [MovieID: String] = [:]
        for (rank, entry) in ranked.enumerated() { deciles[entry.key] = "decile \(rank * 10 / ranked.count + 1)" }
        return deciles
    }
}

/// The number of `cuts` (sorted) at or below `value`: the bin of `value`.
private func indexInSortedCuts(_ cuts: [Double], _ value: Double) -> Int {
    var low = 0
    var high = cuts.count
    while low < high {
        let middle = (low + high) / 2
        if cuts[middle] <= value { low = middle + 1 } else { high = middle }
    }
    return low
}
