import MarqueeCore

/// One drift check: a named distribution compared between a reference window and a recent one.
public struct DriftCheck: Hashable, Sendable, Encodable {
    /// What is compared, e.g. `genre mix of watched movies`.
    public var name: String
    /// The population stability index of the recent window against the reference.
    public var psi: Double
    /// The PSI above which the check reports drift.
    public var threshold: Double
    /// The chi-square test of the two windows' counts: a PSI above the threshold counts only when the difference is
    /// also beyond sampling noise (p below ``alpha``), since small windows over many categories inflate the PSI.
    public var chiSquare: ChiSquareTest?
    /// The significance level the chi-square test must reach.
    public var alpha: Double
    /// Observations in each window.
    public var referenceCount: Int
    public var recentCount: Int

    /// Creates a result.
    public init(
        name: String, psi: Double, threshold: Double, chiSquare: ChiSquareTest?, alpha: Double = 0.001, referenceCount: Int, recentCount: Int
    ) {
        self.name = name
        self.psi = psi
        self.threshold = threshold
        self.chiSquare = chiSquare
        self.alpha = alpha
        self.referenceCount = referenceCount
        self.recentCount = recentCount
    }

    /// Whether the recent window has drifted: PSI above the threshold, and significant by the chi-square test.
    public var drifted: Bool { psi > threshold && (chiSquare.map { $0.pValue < alpha } ?? false) }

    enum CodingKeys: String, CodingKey {
        case name, psi, threshold, drifted, alpha
        case chiSquare = "chi_square"
        case referenceCount = "reference_count"
        case recentCount = "recent_count"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(psi, forKey: .psi)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(drifted, forKey: .drifted)
        try container.encodeIfPresent(chiSquare, forKey: .chiSquare)
        try container.encode(alpha, forKey: .alpha)
        try container.encode(referenceCount, forKey: .referenceCount)
        try container.encode(recentCount, forKey: .recentCount)
    }
}

/// Drift of what users watch between two windows of watch events: which movies (item popularity, the `top`
/// most-watched of the reference plus one bucket for the rest) and which genres.
///
/// A session's minutes are many events of one movie; both distributions count distinct (user, movie) pairs, so a
/// long film does not weigh more than a short one.
public struct WatchDrift: Sendable {
    /// The PSI above which a check reports drift (0.25: a large shift by the usual rule).
    public var threshold: Double
    /// How many of the reference's most-watched movies keep their own category.
    public var top: Int
    /// The least (user, movie) pairs each window needs before a check is made.
    public var minimumCount: Int

    /// Creates the checks' settings.
    public init(threshold: Double = 0.25, top: Int = 50, minimumCount: Int = 200) {
        self.threshold = threshold
        self.top = top
        self.minimumCount = minimumCount
    }

    /// The checks of `recent` watch events against `reference` ones, with `genres` per movie; none when a window has
    /// fewer than ``minimumCount`` (user, movie) pairs.
    public func checks(reference: [Event], recent: [Event], genres: [MovieID: [String]]) -> [DriftCheck] {
        let referencePairs = Self.watchedPairs(reference)
        let recentPairs = Self.watchedPairs(recent)
        guard referencePairs.count >= minimumCount, recentPairs.count >= minimumCount else { return [] }

        var referenceMovies: [MovieID: Int] = [:]
        for pair in referencePairs { referenceMovies[pair.movie, default: 0] += 1 }
        let kept = Set(referenceMovies.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(top).map(\.key))
        func popularity(_ pairs: Set<WatchedPair>) -> [String: Int] {
            var counts: [String: Int] = [:]
            for pair in pairs { counts[kept.contains(pair.movie) ? pair.movie.slug : "(other movies)", default: 0] += 1 }
            return counts
        }
        func genreMix(_ pairs: Set<WatchedPair>) -> [String: Int] {
            var counts: [String: Int] = [:]
            for pair in pairs {
                for genre in genres[pair.movie] ?? ["(unknown)"] { counts[genre.lowercased(), default: 0] += 1 }
            }
            return counts
        }
        func check(_ name: String, _ reference: [String: Int], _ recent: [String: Int]) -> DriftCheck {
            DriftCheck(
                name: name, psi: PopulationStabilityIndex.of(reference: reference, recent: recent), threshold: threshold,
                chiSquare: ChiSquareTest(reference: reference, recent: recent), referenceCount: referencePairs.count, recentCount: recentPairs.count)
        }
        return [
            check("item popularity of watched movies", popularity(referencePairs), popularity(recentPairs)),
            check("genre mix of watched movies", genreMix(referencePairs), genreMix(recentPairs)),
        ]
    }

    private struct WatchedPair: Hashable {
        var user: UserID
        var movie: MovieID
    }

    private static func watchedPairs(_ events: [Event]) -> Set<WatchedPair> {
        var pairs = Set<WatchedPair>()
        for event in events {
            if case .watch(let movie, _) = event.kind { pairs.insert(WatchedPair(user: event.user, movie: movie)) }
        }
        return pairs
    }
}
