import MarqueeCore

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
    /// Directory for the store, the logs and the catalogue; the store in it is recreated.
    public var directory: String

    /// Creates a configuration.
    public init(
        users: Int = 2_000, movies: Int = 500, warmUpDays: Int = 2, servingDays: Int = 3, seed: UInt64 = 42, faultRate: Double = 0.005,
        directory: String = "marquee-demo"
    ) {
        self.users = users
        self.movies = movies
        self.warmUpDays = warmUpDays
        self.servingDays = servingDays
        self.seed = seed
        self.faultRate = faultRate
        self.directory = directory
    }
}
