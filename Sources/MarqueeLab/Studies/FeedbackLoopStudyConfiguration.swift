/// Settings of a feedback-loop study: one simulated service run once per arm, each arm retraining weekly on its own log.
public struct FeedbackLoopStudyConfiguration: Sendable {
    /// Simulated users.
    public var users: Int
    /// Simulated movies.
    public var movies: Int
    /// Days of browsing only, before the first model: the log it learns from.
    public var warmUpDays: Int
    /// Weeks of serving; the model is retrained on everything logged at the start of each.
    public var weeks: Int
    /// The model kind retrained each week (`als`, `item-knn`, `popularity`, …) and its hyperparameters.
    public var modelKind: String
    public var modelParameters: [String: String]
    /// The exploration share of each arm; 0 is pure exploitation.
    public var explorationShares: [Double]
    /// Seed of the simulated service, the same for every arm, so arms differ only by their exploration.
    public var seed: UInt64
    /// Where each arm's store, logs and catalogue go (a subdirectory per arm, recreated).
    public var directory: String

    /// Creates a configuration.
    public init(
        users: Int = 3_000, movies: Int = 400, warmUpDays: Int = 3, weeks: Int = 8, modelKind: String = "als",
        modelParameters: [String: String] = ["factors": "32", "iterations": "10"], explorationShares: [Double] = [0, 0.2], seed: UInt64 = 42,
        directory: String = "marquee-feedback-study"
    ) {
        self.users = users
        self.movies = movies
        self.warmUpDays = warmUpDays
        self.weeks = weeks
        self.modelKind = modelKind
        self.modelParameters = modelParameters
        self.explorationShares = explorationShares
        self.seed = seed
        self.directory = directory
    }
}
