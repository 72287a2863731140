import Foundation
import MarqueeCore

/// One user's interaction with one movie, as the shilling detector reads it.
public struct RatedInteraction: Hashable, Sendable {
    public var user: UserID
    public var movie: MovieID
    /// The user's latest rating of the movie, if any.
    public var rating: Int?
    /// When the user last interacted with the movie.
    public var time: EventTime

    /// Creates an interaction.
    public init(user: UserID, movie: MovieID, rating: Int?, time: EventTime) {
        self.user = user
        self.movie = movie
        self.rating = rating
        self.time = time
    }
}

/// Finds rating spam ("shilling"): a group of low-history accounts that, within one day, give a movie the top rating
/// (pushing it) or the bottom one (pulling it down), far more often than the movie's own rate of ratings explains,
/// and that look alike (they interacted with nearly the same movies).
///
/// A movie is targeted when, in some 24-hour window, at least ``minimumGroup`` low-history accounts gave it the
/// extreme rating, the Poisson probability of that many ratings at the movie's rate outside the window is below
/// ``alpha``, and the accounts' movie sets have a mean pairwise Jaccard similarity of at least ``minimumCohesion``.
/// Organic bursts (a new blockbuster) come from accounts with diverse histories and are not flagged.
public struct ShillingDetector: Sendable {
    /// Accounts with at most this many distinct movies count as low-history.
    public var lowHistory: Int
    /// The fewest accounts of a group.
    public var minimumGroup: Int
    /// The significance a burst must reach.
    public var alpha: Double
    /// The least mean pairwise Jaccard similarity of the group's movie sets.
    public var minimumCohesion: Double

    /// Creates a detector.
    public init(lowHistory: Int = 8, minimumGroup: Int = 10, alpha: Double = 1e-6, minimumCohesion: Double = 0.5) {
        self.lowHistory = lowHistory
        self.minimumGroup = minimumGroup
        self.alpha = alpha
        self.minimumCohesion = minimumCohesion
    }

    /// The movies targeted in `interactions` and the accounts that targeted them, on a scale whose top rating is
    /// `maximumRating`.
    public func detect(_ interactions: [RatedInteraction], maximumRating: Int) -> ShillingReport {
        var moviesOfUser: [UserID: Set<MovieID>] = [:]
        var ratingsOfMovie: [MovieID: [RatedInteraction]] = [:]
        for interaction in interactions {
            moviesOfUser[interaction.user, default: []].insert(interaction.movie)
            if interaction.rating != nil { ratingsOfMovie[interaction.movie, default: []].append(interaction) }
        }
        guard let first = interactions.map(\.time).min(), let last = interactions.map(\.time).max() else { return ShillingReport() }
        let days = max(1, Double(last.microseconds - first.microseconds) / 86_400_000_000)

        var targeted: [TargetedMovie] = []
        for (movie, ratings) in ratingsOfMovie.sorted(by: { $0.key < $1.key }) {
            for direction in [TargetedMovie.Direction.push, .pull] {
                let extreme = direction == .push ? maximumRating : 1
                let group = ratings.filter { $0.rating == extreme && (moviesOfUser[$0.user]?.count ?? 0) <= lowHistory }
                guard group.count >= minimumGroup, let window = Self.busiestDay(of: group) else { continue }
                let outside = ratings.count - window.count
                let expected = (Double(outside) + 0.5) / max(1, days - 1)
                let pValue = Self.poissonTail(atLeast: window.count, mean: expected)
                let cohesion = Self.meanJaccard(window.compactMap { moviesOfUser[$0.user] })
                guard window.count >= minimumGroup, pValue < alpha, cohesion >= minimumCohesion else { continue }
                // Once the movie is known to be attacked, every low-history account that gave it the extreme rating
                // belongs to the group, also the stragglers outside the busiest day.
                let accounts = group.map(\.user)
                targeted.append(
                    TargetedMovie(
                        movie: movie, direction: direction, accounts: accounts.sorted(), pValue: pValue, cohesion: cohesion,
                        groupShare: Double(group.count) / Double(ratings.count)))
            }
        }
        var extremeRaters: [TargetedMovie.Direction: [MovieID: Set<UserID>]] = [:]
        for (movie, ratings) in ratingsOfMovie {
            for rating in ratings where rating.rating == maximumRating || rating.rating == 1 {
                extremeRaters[rating.rating == maximumRating ? .push : .pull, default: [:]][movie, default: []].insert(rating.user)
            }
        }
        return ShillingReport(targeted: Self.separatingFillers(targeted).map { Self.joiningLookAlikes(to: $0, extremeRaters: extremeRaters) })
    }

    /// Adds to a target's group every account, whatever its history, that rated the target and at least half of its
    /// fillers alike: the attack's signature. A single account left in training keeps tying target and fillers.
    private static func joiningLookAlikes(
        to target: TargetedMovie, extremeRaters: [TargetedMovie.Direction: [MovieID: Set<UserID>]]
    ) -> TargetedMovie {
        guard !target.fillers.isEmpty, let raters = extremeRaters[target.direction] else { return target }
        let needed = (target.fillers.count + 1) / 2
        let alike = (raters[target.movie] ?? []).filter { user in target.fillers.filter { raters[$0]?.contains(user) == true }.count >= needed }
        var joined = target
        joined.accounts = Set(target.accounts).union(alike).sorted()
        return joined
    }

    /// One attack pushes its target and rates popular filler movies alike to look ordinary: among movies pushed by
    /// mostly the same accounts, the target is the one whose ratings the group dominates most; the others are kept as
    /// its fillers.
    private static func separatingFillers(_ candidates: [TargetedMovie]) -> [TargetedMovie] {
        var remaining = candidates.sorted { $0.groupShare != $1.groupShare ? $0.groupShare > $1.groupShare : $0.movie < $1.movie }
        var targets: [TargetedMovie] = []
        while !remaining.isEmpty {
            var target = remaining.removeFirst()
            let accounts = Set(target.accounts)
            let overlapping = remaining.filter { candidate in
                let other = Set(candidate.accounts)
                return candidate.direction == target.direction
                    && Double(other.intersection(accounts).count) / Double(max(1, other.union(accounts).count)) >= 0.5
            }
            target.fillers = overlapping.map(\.movie).sorted()
            remaining.removeAll { candidate in overlapping.contains { $0.movie == candidate.movie && $0.direction == candidate.direction } }
            targets.append(target)
        }
        return targets.sorted { $0.movie < $1.movie }
    }

    /// The ratings of the 24-hour window holding the most of them.
    private static func busiestDay(of ratings: [RatedInteraction]) -> [RatedInteraction]? {
        let sorted = ratings.sorted { $0.time < $1.time }
        var best: Range<Int>?
        var start = 0
        for end in sorted.indices {
            while sorted[end].time.microseconds - sorted[start].time.microseconds > 86_400_000_000 { start += 1 }
            if best.map({ end + 1 - start > $0.count }) ?? true { best = start..<(end + 1) }
        }
        return best.map { Array(sorted[$0]) }
    }

    /// P(X ≥ k) for X ~ Poisson(mean), summed in log space.
    static func poissonTail(atLeast k: Int, mean: Double) -> Double {
        guard k > 0 else { return 1 }
        guard mean > 0 else { return 0 }
        var term = exp(Double(k) * log(mean) - mean - lgamma(Double(k) + 1))
        var sum = 0.0
        var i = k
        while term > sum * 1e-15, i < k + 10_000 {
            sum += term
            i += 1
            term *= mean / Double(i)
        }
        return min(1, sum)
    }

    /// The mean Jaccard similarity over pairs of `sets` (at most 200 sets are compared).
    private static func meanJaccard(_ sets: [Set<MovieID>]) -> Double {
        let sample = Array(sets.prefix(200))
        guard sample.count > 1 else { return 0 }
        var total = 0.0
        var pairs = 0
        for i in sample.indices {
            for j in sample.indices where j > i {
                let union = sample[i].union(sample[j]).count
                total += union > 0 ? Double(sample[i].intersection(sample[j]).count) / Double(union) : 0
                pairs += 1
            }
        }
        return total / Double(pairs)
    }
}

/// What the shilling detector found.
public struct ShillingReport: Hashable, Sendable, Encodable {
    /// The targeted movies, by slug.
    public var targeted: [TargetedMovie] = []

    /// Creates a report.
    public init(targeted: [TargetedMovie] = []) {
        self.targeted = targeted
    }

    /// Every account of every group, once, in id order.
    public var suspiciousAccounts: [UserID] { Set(targeted.flatMap(\.accounts)).sorted() }

    enum CodingKeys: String, CodingKey {
        case targeted = "targeted_movies"
        case suspiciousAccounts = "suspicious_accounts"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(targeted, forKey: .targeted)
        try container.encode(suspiciousAccounts.map(\.rawValue), forKey: .suspiciousAccounts)
    }
}

/// A movie a group of accounts pushed or pulled.
public struct TargetedMovie: Hashable, Sendable, Encodable {
    /// Whether the group gave the top rating or the bottom one.
    public enum Direction: String, Hashable, Sendable, Encodable {
        case push, pull
    }

    public var movie: MovieID
    public var direction: Direction
    /// The low-history accounts that gave the movie the extreme rating, and any that rated it and its fillers alike.
    public var accounts: [UserID]
    /// The Poisson probability of so many extreme ratings in a day at the movie's usual rate.
    public var pValue: Double
    /// The mean pairwise Jaccard similarity of the accounts' movie sets.
    public var cohesion: Double
    /// The group's share of all the movie's ratings.
    public var groupShare: Double
    /// Popular movies the same accounts rated alike, to look ordinary.
    public var fillers: [MovieID] = []

    /// Creates a finding.
    public init(
        movie: MovieID, direction: Direction, accounts: [UserID], pValue: Double, cohesion: Double, groupShare: Double, fillers: [MovieID] = []
    ) {
        self.movie = movie
        self.direction = direction
        self.accounts = accounts
        self.pValue = pValue
        self.cohesion = cohesion
        self.groupShare = groupShare
        self.fillers = fillers
    }

    enum CodingKeys: String, CodingKey {
        case movie, direction, accounts, cohesion, fillers, pValue, groupShare
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(movie.slug, forKey: .movie)
        try container.encode(direction, forKey: .direction)
        try container.encode(accounts.map(\.rawValue), forKey: .accounts)
        try container.encode(pValue, forKey: .pValue)
        try container.encode(cohesion, forKey: .cohesion)
        try container.encode(groupShare, forKey: .groupShare)
        try container.encode(fillers.map(\.slug), forKey: .fillers)
    }
}
