import MarqueeCore

/// A model's ranking with a share of its slots given to exploration: movies drawn uniformly from the catalogue,
/// whatever their popularity, so that what the next model learns from is not only what this one showed.
///
/// A pure-exploitation model shows users what past data favours; they watch it, and the next model trained on those
/// watches favours it more (popularity reinforcement). Exploration breaks the loop at a cost in relevance of the
/// explored slots. The explored movies are spread evenly through the list (attention falls with position, so putting
/// them last would hide them), and drawn from a generator seeded by the user and ``seed``, so an answer is the same
/// for the same user and version. Share 0 is the base ranking.
public struct ExplorationRecommender: Recommender {
    /// The hyperparameter that records the share with a registered version.
    public static let shareKey = "exploration_share"

    public let base: any Recommender
    /// Share of the slots, 0–1, filled by exploration.
    public let share: Double
    /// Seeds the draws; vary it between versions so users see new explored movies after each retraining.
    public let seed: UInt64
    private let catalogue: [MovieID]

    /// Wraps `base`, exploring `share` of each list from `catalogue`.
    public init(base: any Recommender, catalogue: [MovieID], share: Double, seed: UInt64 = 0) {
        self.base = base
        self.catalogue = catalogue.sorted()
        self.share = min(1, max(0, share.isFinite ? share : 0))
        self.seed = seed
    }

    public var descriptor: ModelDescriptor {
        var descriptor = base.descriptor
        descriptor.hyperparameters[Self.shareKey] = String(share)
        return descriptor
    }

    public var personalisedUsers: [UserID] { base.personalisedUsers }

    public var coldStartUsers: [UserID] { base.coldStartUsers }

    public func recommend(for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        explore(base.recommend(for: user, count: count, excluding: excluded), for: user, count: count, excluding: excluded)
    }

    /// The base model's warm start for a user who stated their taste, explored the same way.
    public func recommend(for user: UserID, stating taste: StatedTaste, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie]? {
        base.recommend(for: user, stating: taste, count: count, excluding: excluded).map { explore($0, for: user, count: count, excluding: excluded) }
    }

    /// `exploited` with the explored slots of a `count`-long list filled by draws for `user`.
    private func explore(_ exploited: [ScoredMovie], for user: UserID, count: Int, excluding excluded: Set<MovieID>) -> [ScoredMovie] {
        let slots = Self.explorationSlots(count: count, share: share)
        let explored = draw(slots.count, for: user, avoiding: excluded.union(exploited.map(\.movie)))
        guard !explored.isEmpty else { return exploited }
        // An explored movie carries the score of the exploited movie it displaced, so scores stay finite and ordered.
        var answer: [ScoredMovie] = []
        answer.reserveCapacity(count)
        var nextExploited = exploited.makeIterator()
        var nextExplored = explored.makeIterator()
        for position in 0..<count {
            if slots.contains(position), let movie = nextExplored.next() {
                answer.append(ScoredMovie(movie: movie, score: answer.last?.score ?? exploited.first?.score ?? 0))
            } else if let pick = nextExploited.next() {
                answer.append(pick)
            } else if let movie = nextExplored.next() {
                answer.append(ScoredMovie(movie: movie, score: answer.last?.score ?? 0))
            }
        }
        return answer
    }

    /// Up to `count` distinct catalogue movies outside `taken`: the first of ``candidates(_:for:)`` not taken.
    private func draw(_ count: Int, for user: UserID, avoiding taken: Set<MovieID>) -> [MovieID] {
        var taken = taken
        var drawn: [MovieID] = []
        for movie in candidates(count, for: user) where drawn.count < count {
            if taken.insert(movie).inserted { drawn.append(movie) }
        }
        return drawn
    }

    /// The catalogue draws behind `count` explored slots for `user`, in order: a bounded number (so a small or exhausted
    /// catalogue cannot loop forever), the same for the same user, seed and catalogue.
    private func candidates(_ count: Int, for user: UserID) -> [MovieID] {
        guard count > 0, !catalogue.isEmpty else { return [] }
        var generator = SplitMix64(seed: seed ^ (UInt64(user.rawValue) &* 0x9E37_79B9_7F4A_7C15))
        return (0..<(8 * count + 32)).map { _ in catalogue[generator.nextIndex(below: catalogue.count)] }
    }

    /// The base model's scores: exploration does not change what the model predicts.
    public func scores(for user: UserID, movies: [MovieID]) -> [Double?] { base.scores(for: user, movies: movies) }

    /// The base model's explanation; for a movie drawn for the user's explored slots that the base model would not
    /// rank in its top 40, an exploration reason first. (The answer's exclusions are not known here, so a drawn movie
    /// the model ranks highly is explained by the model.)
    public func explain(_ movie: MovieID, for user: UserID) -> Explanation {
        withExploration(base.explain(movie, for: user), of: movie, for: user)
    }

    public func explain(_ movie: MovieID, for user: UserID, stating taste: StatedTaste) -> Explanation? {
        base.explain(movie, for: user, stating: taste).map { withExploration($0, of: movie, for: user) }
    }

    /// `explanation`, led by an exploration reason when `movie` was drawn for the user's explored slots.
    private func withExploration(_ explanation: Explanation, of movie: MovieID, for user: UserID) -> Explanation {
        let slots = Self.explorationSlots(count: 20, share: share).count
        guard candidates(slots, for: user).contains(movie),
            !base.recommend(for: user, count: 40, excluding: []).contains(where: { $0.movie == movie })
        else { return explanation }
        return Explanation(reasons: [.init(text: Explanation.Reason.explorationText, contribution: 0)] + explanation.reasons)
    }

    /// The positions of a `count`-long list given to exploration: `share × count` of them, rounded, spread evenly
    /// (the first at the middle of the first stride, so position 0 stays the model's best).
    public static func explorationSlots(count: Int, share: Double) -> Set<Int> {
        let explored = Int((Double(max(0, count)) * share).rounded())
        guard explored > 0 else { return [] }
        let stride = Double(count) / Double(explored)
        return Set((0..<explored).map { min(count - 1, Int((Double($0) + 0.5) * stride)) })
    }
}
