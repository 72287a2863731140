import MarqueeModels

/// How interactions are divided into training and test data, by event time.
public enum SplitMethod: Hashable, Sendable, CustomStringConvertible {
    /// Train on everything strictly before one cut time, test on everything at or after it. The cut is the
    /// `quantile` of all interactions' event times (0.8: the latest 20 % of interactions are test). This is what
    /// production faces: the model never sees the future of anyone.
    case global(quantile: Double)
    /// Each user's latest `testFraction` of interactions (by event time, rounded down) are test, the rest train.
    /// For small data sets where one global cut leaves few test users. Mild cross-user leakage: a user's training
    /// data is before that user's test data, but other users' training interactions may be later than it.
    case perUser(testFraction: Double)

    /// The default global split: cut at the 0.8 quantile of event time.
    public static let defaultGlobal = SplitMethod.global(quantile: 0.8)
    /// The default per-user split: each user's last 20 % are test.
    public static let defaultPerUser = SplitMethod.perUser(testFraction: 0.2)

    /// The default split of a kind name, `global` or `per-user`; `nil` for any other name.
    public init?(kind: String) {
        switch kind {
        case "global": self = .defaultGlobal
        case "per-user": self = .defaultPerUser
        default: return nil
        }
    }

    /// The kind's name as the CLI and reports spell it: `global` or `per-user`.
    public var kind: String {
        switch self {
        case .global: "global"
        case .perUser: "per-user"
        }
    }

    public var description: String {
        switch self {
        case .global(let quantile): "global (cut at the \(quantile) quantile of event time)"
        case .perUser(let fraction): "per-user (each user's last \(Int((fraction * 100).rounded())) % by event time)"
        }
    }
}

/// Settings of a split.
public struct SplitConfiguration: Hashable, Sendable {
    /// How to divide interactions.
    public var method: SplitMethod
    /// What counts as positive feedback, i.e. a relevant test item.
    public var rule: FeedbackRule
    /// Keep test users and movies that training has no positive feedback for (to evaluate cold start);
    /// by default they are dropped, since a model cannot know them.
    public var includeColdStart: Bool

    /// Creates a configuration.
    public init(method: SplitMethod = .defaultGlobal, rule: FeedbackRule = .init(), includeColdStart: Bool = false) {
        self.method = method
        self.rule = rule
        self.includeColdStart = includeColdStart
    }
}
