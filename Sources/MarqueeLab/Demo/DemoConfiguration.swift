import MarqueeCore
import MarqueeModels

/// Settings of `marquee demo`.
public struct DemoConfiguration: Sendable {
    /// Simulated users.
    public var users: Int
    /// Simulated movies.
    public var movies: Int
    /// Days simulated before the model exists: users only browse, and their log trains the first model.
    public var warmUpDays: Int
    /// Days simulated with users calling the served model over HTTP.
    public var servingDays: Int
    /// Seed of the simulated service.
    public var seed: UInt64
    /// Share of log lines with an injected fault.
    public var faultRate: Double
    /// Directory for the logs, the catalogue and the model artifacts; the store's too unless ``storePath`` is set.
    public var directory: String
    /// Where the store is kept (recreated); `nil` for `directory/marquee.sqlite`.
    public var storePath: String?
    /// Retrain every this many serving days (event time).
    public var retrainEveryDays: Int
    /// The share of users a new candidate serves first.
    public var canaryShare: Double
    /// The least canary answers before a promote-or-roll-back decision.
    public var canaryMinimumAnswers: Int
    /// The canary's latency SLO: a canary whose server-side p99 exceeds it is rolled back.
    public var canaryLatencyP99Milliseconds: Double = 100
    /// The serving day on which a deliberately untrained model goes to canary, to show the rollback; `nil` for never.
    public var badCandidateDay: Int?
    /// The serving day on which the A/B experiment (the personalised model against popularity) starts; `nil` for none.
    public var experimentDay: Int?
    /// The experiment's planned answers per arm; `nil` for enough to detect 4 points on the follow-through measured so far.
    public var experimentPlannedPerArm: Int?
    /// When set, the experiment compares production with production re-ranked against licence cost or popularity
    /// with this weight (see ``TradeOffRecommender``), instead of the personalised model with popularity.
    public var tradeOff: (TradeOff, Double)?
    /// The variant of the service the demo plays and Marquee is configured for (rating scale, self-description keys),
    /// recorded in the demo's store; the older variant by default.
    public var service = ServiceConfiguration.older {
        didSet { requestTimeoutMilliseconds = service.requestBudgetMilliseconds }
    }
    /// How long the simulated service waits for an answer before logging the request as failed (SPEC: 800 ms); set
    /// with ``service`` to its request budget.
    public var requestTimeoutMilliseconds = 800

    /// Creates a configuration.
    public init(
        users: Int = 5_000, movies: Int = 500, warmUpDays: Int = 2, servingDays: Int = 21, seed: UInt64 = 42, faultRate: Double = 0.005,
        directory: String = "marquee-demo", storePath: String? = nil, retrainEveryDays: Int = 3, canaryShare: Double = 0.05,
        canaryMinimumAnswers: Int = 150, badCandidateDay: Int? = 1, experimentDay: Int? = 12, experimentPlannedPerArm: Int? = nil
    ) {
        self.users = users
        self.movies = movies
        self.warmUpDays = warmUpDays
        self.servingDays = servingDays
        self.seed = seed
        self.faultRate = faultRate
        self.directory = directory
        self.storePath = storePath
        self.retrainEveryDays = retrainEveryDays
        self.canaryShare = canaryShare
        self.canaryMinimumAnswers = canaryMinimumAnswers
        self.badCandidateDay = badCandidateDay
        self.experimentDay = experimentDay
        self.experimentPlannedPerArm = experimentPlannedPerArm
    }
}
