import MarqueeCore
import MarqueeModels

/// How well a model's answers to new users predict what they watch first: its plain cold start against its warm start
/// from what they said they like (``StatedTaste``).
///
/// Each user's targets are their first distinct watches minus the movies they named: a movie someone says they like
/// is one they have seen, so it is not a discovery, and the warm start never recommends it. The cold arm is the
/// model's answer to a user without history, as served before stated tastes existed; the warm arm the answer with them.
public struct WarmStartComparison: Hashable, Sendable {
    /// A user without history at training time, what they said, and what they watched first afterwards.
    public struct NewUser: Hashable, Sendable {
        /// The user.
        public var user: UserID
        /// What they said they like and dislike, matched to the catalogue.
        public var taste: StatedTaste
        /// Their first distinct watches, in order.
        public var firstWatches: [MovieID]

        /// Creates a new user's record.
        public init(user: UserID, taste: StatedTaste, firstWatches: [MovieID]) {
            self.user = user
            self.taste = taste
            self.firstWatches = firstWatches
        }
    }

    /// One way of answering, measured over the users.
    public struct Arm: Hashable, Sendable {
        /// Share of users with at least one target in their list, with its Wilson interval.
        public var hitRate: ProportionEstimate
        /// Mean over users of the share of their targets in their list (recall@`listLength`).
        public var recall: Double
    }

    /// The list length measured (20, as served).
    public let listLength: Int
    /// Users with at least one target after removing the movies they named.
    public let users: Int
    /// The plain cold start.
    public let cold: Arm
    /// The warm start from stated tastes.
    public let warm: Arm
    /// The mean per-user gain in recall of the warm start over the cold start (the same users answered both ways), with
    /// its 95 % interval (normal approximation): above 0 when the warm start is better beyond chance.
    public let recallGain: ConfidenceInterval

    /// Measures `model` on `newUsers`.
    /// - Throws: `EvaluationError` only for impossible counts (never for valid input).
    public init(model: any Recommender, newUsers: [NewUser], listLength: Int = 20) throws(EvaluationError) {
        self.listLength = listLength
        var coldHits = 0, warmHits = 0, coldRecall = 0.0, warmRecall = 0.0, counted = 0
        var gains: [Double] = []
        for newUser in newUsers {
            let targets = Set(newUser.firstWatches).subtracting(newUser.taste.mentioned)
            guard !targets.isEmpty else { continue }
            counted += 1
            let coldList = model.recommend(for: newUser.user, count: listLength, excluding: []).map(\.movie)
            let warmList = model.recommend(for: newUser.user, count: listLength, excluding: [], statedTaste: newUser.taste).map(\.movie)
            coldHits += hits(at: listLength, recommended: coldList, relevant: targets) > 0 ? 1 : 0
            warmHits += hits(at: listLength, recommended: warmList, relevant: targets) > 0 ? 1 : 0
            let (coldShare, warmShare) = (
                recall(at: listLength, recommended: coldList, relevant: targets), recall(at: listLength, recommended: warmList, relevant: targets)
            )
            coldRecall += coldShare
            warmRecall += warmShare
            gains.append(warmShare - coldShare)
        }
        users = counted
        let share = { (total: Double) in counted == 0 ? 0 : total / Double(counted) }
        cold = Arm(hitRate: try ProportionEstimate(successes: coldHits, trials: counted), recall: share(coldRecall))
        warm = Arm(hitRate: try ProportionEstimate(successes: warmHits, trials: counted), recall: share(warmRecall))
        let mean = share(gains.reduce(0, +))
        let variance = gains.count < 2 ? 0 : gains.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gains.count - 1)
        let margin = 1.959964 * (variance / Double(max(1, gains.count))).squareRoot()
        recallGain = ConfidenceInterval(lower: mean - margin, upper: mean + margin, confidence: 0.95)
    }
}
